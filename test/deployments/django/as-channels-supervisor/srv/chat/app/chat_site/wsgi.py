"""
WSGI config for chat_site project (used by management tooling only;
production runs chat_site.asgi under daphne).
"""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chat_site.settings")

application = get_wsgi_application()
