import os

from .base import *  # noqa

DEBUG = False
SECRET_KEY = os.environ["PORTAL_SECRET_KEY"]
ALLOWED_HOSTS = ["portal.example.com"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "portal",
        "USER": "portal",
        "HOST": "/var/run/postgresql",
    }
}

# nginx serves /srv/portal/public as its root (see /etc/nginx/conf.d/portal.conf)
PUBLIC_DIR = BASE_DIR.parent / "public"
STATIC_ROOT = PUBLIC_DIR / "static"
MEDIA_ROOT = PUBLIC_DIR / "media"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# HSTS is sent by nginx (add_header Strict-Transport-Security)
