"""staging.portal.example.com -- QA environment, behind basic auth."""
import os

from .base import *  # noqa

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "staging-not-secret")
ALLOWED_HOSTS = ["staging.portal.example.com"]
CSRF_TRUSTED_ORIGINS = ["https://staging.portal.example.com"]
SECURE_SSL_REDIRECT = True

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = "/var/tmp/portal-staging-mail"
