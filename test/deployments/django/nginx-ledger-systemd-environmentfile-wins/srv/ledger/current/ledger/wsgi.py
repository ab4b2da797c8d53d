"""
WSGI config for ledger project.
"""

import os

from django.core.wsgi import get_wsgi_application

# Developers run `gunicorn ledger.wsgi` locally; production sets
# DJANGO_SETTINGS_MODULE in /etc/ledger/ledger.env.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ledger.settings.dev")

application = get_wsgi_application()
