"""
WSGI config for the catalog API (django-configurations).
https://django-configurations.readthedocs.io/en/stable/
"""
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "api.settings")
os.environ.setdefault("DJANGO_CONFIGURATION", "Dev")

from configurations.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
