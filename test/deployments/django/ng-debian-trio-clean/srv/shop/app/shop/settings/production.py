"""Production settings for shop.example.com (loaded by gunicorn-shop.service)."""
import os

from .base import *  # noqa: F401,F403

DEBUG = False

ALLOWED_HOSTS = ["shop.example.com", "www.shop.example.com"]
CSRF_TRUSTED_ORIGINS = ["https://shop.example.com", "https://www.shop.example.com"]

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

# TLS ends at nginx, which sets X-Forwarded-Proto (proxy_params).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# nginx already sends HSTS (snippets/security-headers.conf); keep Django's off unless told.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))

STATIC_ROOT = "/srv/shop/static"
MEDIA_ROOT = "/srv/shop/media"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "localhost"
DEFAULT_FROM_EMAIL = "shop@example.com"
SERVER_EMAIL = "django@shop.example.com"
ADMINS = [("Ops", "ops@example.com")]
