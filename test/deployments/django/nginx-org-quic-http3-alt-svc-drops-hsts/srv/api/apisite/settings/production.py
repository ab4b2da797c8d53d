from .base import *  # noqa: F401,F403

CORS_ALLOWED_ORIGINS = ["https://www.example.net", "https://app.example.net"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# HSTS: sent by nginx (conf.d/api.example.net.conf)
