"""
WSGI config for fieldnotes.

mod_wsgi loads this file (WSGIScriptAlias); the daemon's python-path puts the
project root on sys.path.
"""
import os
import sys
from pathlib import Path

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()
