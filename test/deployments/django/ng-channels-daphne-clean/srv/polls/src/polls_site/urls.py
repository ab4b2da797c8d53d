"""URL configuration for polls_site project."""
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("polls_site.core.urls")),
]
