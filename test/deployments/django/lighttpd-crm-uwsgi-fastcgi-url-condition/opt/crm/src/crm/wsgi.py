"""
WSGI config for crm.

Written for Django 1.4 and kept since: the settings module is forced here,
not defaulted.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

os.environ["DJANGO_SETTINGS_MODULE"] = "crm.settings"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
