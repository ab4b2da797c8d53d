from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL if hasattr(settings, "ADMIN_URL") else "admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("recipes.cookbook.urls", namespace="cookbook")),
]
