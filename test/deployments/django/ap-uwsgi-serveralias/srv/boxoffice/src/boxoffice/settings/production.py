"""Production: boxoffice.example.net (Apache + mod_proxy_uwsgi -> uWSGI)."""
import os

from .base import *  # noqa: F401,F403

DEBUG = False

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

ALLOWED_HOSTS = ["boxoffice.example.net"]

DATABASES["default"]["PASSWORD"] = os.environ.get("DATABASE_PASSWORD", "")  # noqa: F405
DATABASES["default"]["HOST"] = "db1.internal.example.net"  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = 300  # noqa: F405

STATIC_ROOT = "/srv/boxoffice/static"
MEDIA_ROOT = "/srv/boxoffice/media"

# Apache sets X-Forwarded-Proto: https on the TLS virtual host.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# HSTS is sent by Apache (Header always set Strict-Transport-Security).

EMAIL_HOST = "localhost"
EMAIL_PORT = 25
DEFAULT_FROM_EMAIL = "Box Office <tickets@boxoffice.example.net>"
SERVER_EMAIL = "root@boxoffice.example.net"
ADMINS = [("Box Office admins", "admins@boxoffice.example.net")]
