import os

from .base import *  # noqa: F401,F403

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

ALLOWED_HOSTS = ["bookshop.example.com", "www.bookshop.example.com"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "bookshop",
        "USER": "bookshop",
        "HOST": "/var/run/postgresql",
    }
}

# TLS ends at lighttpd, which sets X-Forwarded-Proto itself (mod_proxy).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Strict-Transport-Security is sent by lighttpd (conf-enabled/50-bookshop.conf),
# so SECURE_HSTS_SECONDS stays at its default here (check --deploy W004 silenced).
SILENCED_SYSTEM_CHECKS = ["security.W004"]
