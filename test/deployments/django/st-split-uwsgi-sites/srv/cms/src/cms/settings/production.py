"""
Production settings shared by every customer site.
Secrets come from /etc/cms/secrets.json (written by the deploy job).
"""
import json

from .base import *  # noqa: F401,F403

DEBUG = False

ALLOWED_HOSTS = ["cms.example.org"]

with open("/etc/cms/secrets.json") as fh:
    _secrets = json.load(fh)

SECRET_KEY = _secrets["SECRET_KEY"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "cms",
        "USER": "cms",
        "PASSWORD": _secrets["DB_PASSWORD"],
        "HOST": "db1.internal.example.org",
        "PORT": "5432",
        "CONN_MAX_AGE": 300,
    }
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
        "LOCATION": "127.0.0.1:11211",
    }
}

# TLS ends at nginx.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

EMAIL_HOST = "mail.example.org"
DEFAULT_FROM_EMAIL = "cms@example.org"
SERVER_EMAIL = "cms-errors@example.org"
ADMINS = [("Ops", "ops@example.org")]
