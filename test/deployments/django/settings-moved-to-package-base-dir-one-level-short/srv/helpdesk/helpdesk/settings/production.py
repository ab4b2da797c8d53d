import os

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = os.environ["HELPDESK_SECRET_KEY"]
ALLOWED_HOSTS = ["help.example.ie"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "helpdesk",
        "USER": "helpdesk",
        "PASSWORD": os.environ.get("HELPDESK_DB_PASSWORD", ""),
        "HOST": "127.0.0.1",
    }
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
