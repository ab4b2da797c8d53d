"""Settings for staging: production-like, on its own database and host name.

Testers may switch DEBUG on for a session through the unit's environment
(DJANGO_DEBUG=1); it is off otherwise.
"""
from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = ['staging.shop.example.com']
CSRF_TRUSTED_ORIGINS = ["https://" + host for host in ALLOWED_HOSTS]

DATABASES["default"]["CONN_MAX_AGE"] = 60

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL", default="redis://localhost:6379/2"),
    },
}

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Mail goes to the team's catch-all on staging.
EMAIL_SUBJECT_PREFIX = "[shop staging] "
DEFAULT_FROM_EMAIL = "Shop Staging <noreply@staging.shop.example.com>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
