import os

from .base import *  # noqa

# Staging mirrors production but keeps the debug pages on so QA can send
# us tracebacks.
DEBUG = True

SECRET_KEY = os.environ["CRM_SECRET_KEY"]
ALLOWED_HOSTS = ["staging.crm.example.com"]
INTERNAL_IPS = ["10.20.0.0/16"]

DATABASES["default"]["NAME"] = "crm_staging"

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = "/var/tmp/crm-mail"
