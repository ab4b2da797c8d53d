"""
Production settings: blog.example.org behind nginx (certbot) on the same VPS.
"""
from .base import *  # noqa: F401,F403
from decouple import Csv, config

DEBUG = False

SECRET_KEY = config("SECRET_KEY")

ALLOWED_HOSTS = ["blog.example.org", "www.blog.example.org"]
CSRF_TRUSTED_ORIGINS = ["https://blog.example.org", "https://www.blog.example.org"]

# nginx terminates TLS and tells us so.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# TODO: HSTS once we are sure about www (check --deploy W004)

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = config("EMAIL_HOST", default="smtp.mailgun.org")
EMAIL_PORT = config("EMAIL_PORT", default=587, cast=int)
EMAIL_HOST_USER = config("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = config("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = True
ADMINS = [("Ops", "ops@example.org")]
SERVER_EMAIL = "django@blog.example.org"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": config("REDIS_URL", default="redis://127.0.0.1:6379/1"),
    }
}
