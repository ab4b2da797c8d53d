"""
Production: Apache/mod_wsgi on 127.0.0.1:8080 behind HAProxy, which
terminates TLS, redirects :80 and sends HSTS (see /etc/haproxy/haproxy.cfg).
"""
from .base import *  # noqa

DEBUG = False

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]  # noqa: F405

ALLOWED_HOSTS = ["intranet.example.com"]
# HAProxy strips X-Forwarded-Host; kept for the day we move behind the ALB.
USE_X_FORWARDED_HOST = True
CSRF_TRUSTED_ORIGINS = ["https://intranet.example.com"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HAProxy redirects http -> https (an extra redirect here would be harmless but
# useless).
SECURE_SSL_REDIRECT = False
# HAProxy sends Strict-Transport-Security.
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True

EMAIL_HOST = "smtp.example.com"
EMAIL_PORT = 587
EMAIL_USE_TLS = True
SERVER_EMAIL = "intranet@example.com"
ADMINS = [("IT", "it@example.com")]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "file": {
            "class": "logging.handlers.WatchedFileHandler",
            "filename": "/var/log/intranet/django.log",
        },
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"},
    },
    "root": {"handlers": ["file"], "level": "INFO"},
    "loggers": {
        "django.request": {"handlers": ["mail_admins", "file"], "level": "ERROR", "propagate": False},
    },
}
