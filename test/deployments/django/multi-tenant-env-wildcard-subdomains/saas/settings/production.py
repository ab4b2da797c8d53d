from .base import *  # noqa

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[".app.example.io"])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
