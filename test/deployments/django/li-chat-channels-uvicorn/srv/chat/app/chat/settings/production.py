"""Production: uvicorn behind lighttpd on chat.example.net."""
from .base import *  # noqa: F401,F403

DEBUG = False

ALLOWED_HOSTS = ["chat.example.net"]
CSRF_TRUSTED_ORIGINS = ["https://chat.example.net"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 63072000
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
