"""
Production settings: notes.example.org, Apache + mod_wsgi (daemon mode) on the
fieldnotes VM. Secrets come from /etc/fieldnotes/env via the WSGI script's
environment; everything else is fixed here.
"""
from .base import *  # noqa: F401,F403

DEBUG = False

ALLOWED_HOSTS = ["notes.example.org"]

ADMINS = [("Field Notes ops", "ops@example.org")]
MANAGERS = ADMINS
SERVER_EMAIL = "fieldnotes@example.org"
DEFAULT_FROM_EMAIL = "Field Notes <fieldnotes@example.org>"
EMAIL_HOST = "smtp.example.org"
EMAIL_PORT = 587
EMAIL_USE_TLS = True

# Collected by `manage.py collectstatic` and served by Apache (Alias /static/).
STATIC_ROOT = "/srv/fieldnotes/static"
MEDIA_ROOT = "/srv/fieldnotes/media"

# HTTPS
# We came from Heroku, where the router terminates TLS and says so in
# X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = ["https://notes.example.org"]

SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }
}

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
