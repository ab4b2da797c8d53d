import os

from .base import *  # noqa

DEBUG = False
SECRET_KEY = os.environ["LEDGER_SECRET_KEY"]

ALLOWED_HOSTS = [
    "ledger.example.org",
    "203.0.113.25",  # monitoring probe, plain http, /healthz/ only
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "ledger",
        "USER": "ledger",
        "HOST": "db1.internal.example.org",
        "PASSWORD": os.environ.get("LEDGER_DB_PASSWORD"),
    }
}

STATIC_ROOT = "/srv/ledger/static"
MEDIA_ROOT = "/srv/ledger/media"

# TLS ends at Apache; the header is overwritten per request there
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = 31536000
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = ["https://ledger.example.org"]
