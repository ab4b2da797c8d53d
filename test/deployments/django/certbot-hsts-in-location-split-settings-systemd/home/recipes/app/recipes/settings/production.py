from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["recipes.example.com"]
CSRF_TRUSTED_ORIGINS = ["https://recipes.example.com"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "recipes",
        "USER": "recipes",
        "HOST": "/var/run/postgresql",
    }
}
