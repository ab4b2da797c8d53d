from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("crm_core.api.urls")),
    path("", include("crm_core.urls")),
]
