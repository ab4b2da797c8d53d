from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = open("/etc/intranet/secret_key").read().strip()
ALLOWED_HOSTS = ["intranet.example.com"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "intranet",
        "USER": "intranet",
        "HOST": "db1.example.com",
    }
}

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# HSTS left to a later change (some rooms' displays still use http links)
SECURE_HSTS_SECONDS = 0
