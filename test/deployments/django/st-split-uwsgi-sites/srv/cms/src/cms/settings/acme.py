"""
Site module for ACME Corp. (SITE_ID 2), run by /etc/uwsgi/apps-available/acme.ini.
"""
from .production import *  # noqa: F401,F403

SITE_ID = 2

ALLOWED_HOSTS += ["acme.example.org", "www.acme.example.org"]  # noqa: F405

CSRF_TRUSTED_ORIGINS = ["https://acme.example.org", "https://www.acme.example.org"]

DEFAULT_FROM_EMAIL = "webmaster@acme.example.org"

MEDIA_ROOT = "/srv/cms/media/acme"
