"""
WSGI entry point. The settings module is chosen by the deploy role, which
writes its dotted name to /etc/intranet/settings_module (staging and
production share this checkout).
"""
import os

from django.core.wsgi import get_wsgi_application

with open("/etc/intranet/settings_module") as f:
    os.environ["DJANGO_SETTINGS_MODULE"] = f.read().strip()

application = get_wsgi_application()
