"""
Production: https://tools.corp.example.com/intranet/ (nginx strips the
/intranet prefix and proxies to gunicorn on /run/gunicorn.sock).
"""
import os

from .base import *  # noqa: F401,F403

DEBUG = False

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

ALLOWED_HOSTS = ["tools.corp.example.com"]

# Mounted under a sub-path; nginx does not pass SCRIPT_NAME
FORCE_SCRIPT_NAME = "/intranet"
SESSION_COOKIE_PATH = "/intranet/"
CSRF_COOKIE_PATH = "/intranet/"
CSRF_TRUSTED_ORIGINS = ["https://tools.corp.example.com"]

STATIC_ROOT = "/srv/intranet/static"
MEDIA_ROOT = "/srv/intranet/media"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "intranet",
        "USER": "intranet",
        "PASSWORD": os.environ["DB_PASSWORD"],
        "HOST": "db1.corp.example.com",
        "PORT": "5432",
    }
}

AUTHENTICATION_BACKENDS = [
    "django_auth_ldap.backend.LDAPBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_LDAP_SERVER_URI = "ldaps://ldap.corp.example.com"
AUTH_LDAP_BIND_DN = "cn=intranet,ou=services,dc=corp,dc=example,dc=com"
AUTH_LDAP_BIND_PASSWORD = os.environ.get("LDAP_BIND_PASSWORD", "")

# TLS ends at nginx (proxy_params sets X-Forwarded-Proto $scheme)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

EMAIL_HOST = "smtp.corp.example.com"
DEFAULT_FROM_EMAIL = "intranet@corp.example.com"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Intranet team", "intranet-team@corp.example.com")]
