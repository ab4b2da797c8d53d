"""Production: behind HAProxy (TLS) -> lighttpd -> uWSGI."""
from .base import *  # noqa: F401,F403
from .base import env

DEBUG = False

ALLOWED_HOSTS = ["portal.example.net"]
CSRF_TRUSTED_ORIGINS = ["https://portal.example.net"]

MEDIA_ROOT = "/srv/portal/media"

# HAProxy: http-request set-header X-Forwarded-Proto https if { ssl_fc }
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=3600)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
