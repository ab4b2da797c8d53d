"""
WSGI config for the shop project.

It exposes the WSGI callable as a module-level variable named ``application``.
The process that imports it chooses the settings through
DJANGO_SETTINGS_MODULE; production is the default.
"""
import os
import sys
from pathlib import Path

from django.core.wsgi import get_wsgi_application

# This allows easy placement of apps within the interior shop directory.
BASE_DIR = Path(__file__).resolve(strict=True).parent.parent
sys.path.append(str(BASE_DIR / "shop"))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()
