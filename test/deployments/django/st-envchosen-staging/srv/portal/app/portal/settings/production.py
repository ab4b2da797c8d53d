"""
Production: portal.example.com, uWSGI vassal portal-production.ini.
"""
from .base import *  # noqa: F401,F403

DEBUG = False

ALLOWED_HOSTS = ["portal.example.com", "www.portal.example.com"]

# TLS is terminated by nginx.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/2",
    }
}

EMAIL_HOST = "smtp.example.com"
EMAIL_PORT = 587
EMAIL_USE_TLS = True
DEFAULT_FROM_EMAIL = "portal@example.com"
SERVER_EMAIL = "portal-errors@example.com"
ADMINS = [("Portal team", "portal-team@example.com")]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "mail_admins": {"level": "ERROR", "class": "django.utils.log.AdminEmailHandler"},
        "console": {"class": "logging.StreamHandler"},
    },
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO"},
    },
}
