"""
WSGI config for atlas project.

Apache (mod_wsgi, daemon mode) loads this file; see deploy/apache/atlas.conf.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlas.settings.production")

application = get_wsgi_application()
