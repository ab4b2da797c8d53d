"""
WSGI config for portal project.

Servers run this under uWSGI; a vassal that is not production sets
DJANGO_SETTINGS_MODULE itself (env = ... in its ini).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()
