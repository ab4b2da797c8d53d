import os

from .base import *  # noqa: F401,F403

# Turn the debug pages on for a maintenance window with DJANGO_DEBUG=1 in
# /etc/apache2/envvars -- never leave it on.
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")

ALLOWED_HOSTS = ["portal.example.edu", "www.portal.example.edu"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "portal",
        "USER": "portal",
        "HOST": "pgsql.example.edu",
        "PASSWORD": os.environ.get("PORTAL_DB_PASSWORD", ""),
    }
}

STATIC_ROOT = "/var/www/portal/static"

SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

OIDC_RP_CLIENT_ID = "portal"
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = "https://sso.example.edu/auth"
OIDC_OP_TOKEN_ENDPOINT = "https://sso.example.edu/token"
OIDC_OP_USER_ENDPOINT = "https://sso.example.edu/userinfo"
