from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = Path("/etc/fieldnotes/secret_key").read_text().strip()
ALLOWED_HOSTS = ["fieldnotes.example.com"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "fieldnotes",
        "CONN_MAX_AGE": 60,
    }
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 2592000
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
