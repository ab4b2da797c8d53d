"""
Production settings: board.example.net behind lighttpd (TLS at lighttpd).
DJANGO_SETTINGS_MODULE=board.settings.production comes from /etc/board/board.env.
"""
import os

from .base import *  # noqa: F401,F403

DEBUG = False

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

ALLOWED_HOSTS = ["board.example.net"]
CSRF_TRUSTED_ORIGINS = ["https://board.example.net"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "board",
        "USER": "board",
        "PASSWORD": os.environ.get("DATABASE_PASSWORD", ""),
        "HOST": "127.0.0.1",
        "PORT": "5432",
        "CONN_MAX_AGE": 60,
    }
}

CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": [os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3")]},
    },
}

STATIC_URL = "/static/"
STATIC_ROOT = "/srv/board/static"
MEDIA_URL = "/media/"
MEDIA_ROOT = "/srv/board/media"

# lighttpd's mod_proxy sends X-Forwarded-Proto to daphne
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "localhost"
SERVER_EMAIL = "board@example.net"
ADMINS = [("Board admins", "board-admins@example.net")]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "file": {
            "class": "logging.handlers.WatchedFileHandler",
            "filename": "/var/log/board/django.log",
        },
    },
    "root": {"handlers": ["file"], "level": "WARNING"},
}
