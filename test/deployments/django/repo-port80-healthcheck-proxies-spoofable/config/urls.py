from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("tracker.urls")),
]

from django.http import HttpResponse  # noqa: E402

urlpatterns += [path("healthz/", lambda request: HttpResponse("ok"))]
