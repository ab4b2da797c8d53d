"""Settings for wiki.example.com (uWSGI behind lighttpd)."""
from .base import *  # noqa: F401,F403
from .base import env

# base.py keeps DEBUG on for everybody's laptop; never here.
DEBUG = False

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["wiki.example.com"])

MEDIA_ROOT = "/srv/wiki/media"

# Copied from the company template; lighttpd hands uWSGI HTTPS=on itself.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# HSTS is sent by lighttpd (setenv), see deploy/lighttpd
SECURE_HSTS_SECONDS = 0

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "mail.example.com"
