import os

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "www.example.com").split(",")

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("DB_NAME", "wiki"),
        "USER": os.environ.get("DB_USER", "wiki"),
    }
}

# The wiki lives at https://www.example.com/wiki/
STATIC_URL = "/wiki/static/"
STATIC_ROOT = "/var/www/wiki/static"
MEDIA_URL = "/wiki/media/"
MEDIA_ROOT = "/var/lib/wiki/media"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
