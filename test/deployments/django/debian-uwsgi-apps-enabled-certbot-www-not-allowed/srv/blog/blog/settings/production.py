import os

from .base import *  # noqa: F401,F403

DEBUG = False

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = ["blog.example.net"]

CSRF_TRUSTED_ORIGINS = ["https://blog.example.net"]

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 3600

try:
    from .local import *  # noqa: F401,F403
except ImportError:
    pass
