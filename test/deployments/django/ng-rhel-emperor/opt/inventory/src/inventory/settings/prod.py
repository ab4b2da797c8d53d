import os

from .base import *  # noqa

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = ["inventory.corp.example.net"]
STATIC_ROOT = "/opt/inventory/static"
MEDIA_ROOT = "/opt/inventory/media"
