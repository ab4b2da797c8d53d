"""
ASGI config for apisite project.
"""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apisite.settings.local")

application = get_asgi_application()
