"""URL configuration for timesheets project."""
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("timesheets.core.urls")),
]
