"""Production settings: the corporate network, behind nginx."""

import os

from .base import *  # noqa: F401,F403

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

ALLOWED_HOSTS = ["inventory.corp.example.com", "inventory"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "inventory",
        "HOST": os.environ.get("DB_HOST", "db.corp.example.com"),
    }
}

STATIC_ROOT = "/opt/inventory/static"
MEDIA_ROOT = "/opt/inventory/media"

SESSION_COOKIE_AGE = 8 * 3600
