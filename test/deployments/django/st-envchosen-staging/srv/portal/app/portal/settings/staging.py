"""
Staging: staging.portal.example.com, uWSGI vassal portal-staging.ini.
Same as production, with tracebacks for the testers.
"""
from .production import *  # noqa: F401,F403

DEBUG = True

ALLOWED_HOSTS = ["staging.portal.example.com"]

DATABASES["default"]["NAME"] = "portal_staging"  # noqa: F405

CACHES["default"]["LOCATION"] = "redis://127.0.0.1:6379/3"  # noqa: F405

MEDIA_ROOT = Path("/var/lib/portal/media-staging")  # noqa: F405

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = "/var/lib/portal/staging-mail"
