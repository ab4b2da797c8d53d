"""Production settings: lighttpd terminates TLS and proxies to gunicorn."""
from .base import *  # noqa: F401,F403
from .base import env

DEBUG = False

ALLOWED_HOSTS = ["shop.example.org"]
CSRF_TRUSTED_ORIGINS = ["https://shop.example.org"]

# collectstatic / uploads live outside the checkout since the 2024 move
STATIC_ROOT = "/srv/bookshop/static"
MEDIA_ROOT = "/srv/bookshop/media"

# lighttpd's mod_proxy sends X-Forwarded-Proto
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# the web server takes care of http -> https
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)

LOGGING["root"]["level"] = "WARNING"
