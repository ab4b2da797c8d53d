import os

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = ["wiki.example.net"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "wiki",
        "USER": "wiki",
        "PASSWORD": os.environ.get("WIKI_DB_PASSWORD", ""),
        "HOST": "localhost",
    }
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000

EMAIL_HOST = "localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL = "wiki@example.net"
