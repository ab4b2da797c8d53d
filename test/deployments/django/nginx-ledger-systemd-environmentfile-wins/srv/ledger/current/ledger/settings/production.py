import os

import dj_database_url

from .base import *  # noqa: F401,F403

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DATABASES = {"default": dj_database_url.config(conn_max_age=600)}

ALLOWED_HOSTS = ["ledger.example.com"]

STATIC_ROOT = "/srv/ledger/static"
MEDIA_ROOT = "/srv/ledger/media"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# nginx sends Strict-Transport-Security; keep Django's off unless asked for.
SECURE_HSTS_SECONDS = int(os.getenv("DJANGO_HSTS_SECONDS", "0"))
