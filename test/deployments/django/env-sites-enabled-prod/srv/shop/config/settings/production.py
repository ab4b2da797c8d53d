"""Settings for production (shop.example.com)."""
from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = ['shop.example.com', 'www.shop.example.com']
CSRF_TRUSTED_ORIGINS = ["https://shop.example.com", "https://www.shop.example.com"]

DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL"),
    },
}

# SECURITY
# ------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True

# STORAGES
# ------------------------------------------------------------------------------
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
    },
}

# EMAIL
# ------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = "Shop <noreply@shop.example.com>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[shop] "
EMAIL_HOST = env("EMAIL_HOST", default="smtp.example.net")
EMAIL_PORT = 587
EMAIL_USE_TLS = True

# LOGGING
# ------------------------------------------------------------------------------
LOGGING["loggers"] = {
    "django.security.DisallowedHost": {
        "level": "ERROR",
        "handlers": ["console"],
        "propagate": False,
    },
}
