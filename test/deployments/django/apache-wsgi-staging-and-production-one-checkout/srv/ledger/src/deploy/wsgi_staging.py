"""WSGI entry point for the staging daemon group (same code, staging settings)."""
import os
from django.core.wsgi import get_wsgi_application
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ledger.settings.staging")
application = get_wsgi_application()
