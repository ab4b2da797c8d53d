"""WSGI entry point. Production sets DJANGO_SETTINGS_MODULE in gunicorn's raw_env."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

application = get_wsgi_application()
