from .base import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["atlas.example.org", "www.atlas.example.org"]

# Copied from the platform template we used before moving to Apache.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# HSTS is sent by Apache (deploy/apache/atlas.conf).
SECURE_HSTS_SECONDS = 0
