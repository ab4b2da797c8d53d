from .base import *  # noqa

DEBUG = False

# the storefront and the wholesale portal
ALLOWED_HOSTS = ["www.shopfront.de", "b2b.shopfront.de"]
CSRF_TRUSTED_ORIGINS = ["https://www.shopfront.de", "https://b2b.shopfront.de"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 30
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"journal": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["journal"], "level": "WARNING"},
}
