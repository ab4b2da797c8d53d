"""
Production settings (recipes.example.com).

Apache terminates TLS and proxies to gunicorn over /run/gunicorn.sock
(deploy/apache/recipes.conf, deploy/systemd/).
"""
from .base import *  # noqa: F401,F403

DEBUG = False

ALLOWED_HOSTS = ["recipes.example.com"]
CSRF_TRUSTED_ORIGINS = ["https://recipes.example.com"]

STATIC_ROOT = "/srv/recipes/static"
MEDIA_ROOT = "/srv/recipes/media"

# Security: https://docs.djangoproject.com/en/4.2/howto/deployment/checklist/
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 3600  # raise to a year once everything is known to work
SECURE_HSTS_INCLUDE_SUBDOMAINS = True

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")  # noqa: F405
DEFAULT_FROM_EMAIL = "recipes@example.com"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
