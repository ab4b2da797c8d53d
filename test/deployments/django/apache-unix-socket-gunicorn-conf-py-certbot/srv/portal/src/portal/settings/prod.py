import os

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = os.environ["PORTAL_SECRET_KEY"]
ALLOWED_HOSTS = ["portal.example.org"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "portal",
        "USER": "portal",
    }
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = ["https://portal.example.org"]
