"""stockapi URL Configuration: everything lives under /api/ (and the admin), the SPA is nginx's."""
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("stock.urls")),
    path("api/auth/", include("rest_framework.urls")),
]
