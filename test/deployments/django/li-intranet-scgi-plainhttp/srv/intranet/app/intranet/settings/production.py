"""Production settings for intranet.corp.example.org."""
from .base import *  # noqa: F401,F403

DEBUG = False

ALLOWED_HOSTS = ["intranet.corp.example.org"]

# uploads moved to the data volume
MEDIA_ROOT = "/var/lib/intranet/media"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
