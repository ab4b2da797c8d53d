"""Settings for crm.example.com (gunicorn raw_env names this module)."""
import os

from .base import *  # noqa

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

ALLOWED_HOSTS = ["crm.example.com"]
CSRF_TRUSTED_ORIGINS = ["https://crm.example.com"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 3600

STATIC_ROOT = "/srv/crm/static"
MEDIA_ROOT = "/srv/crm/media"
