"""
ASGI config for the blog.

It exposes the ASGI callable as a module-level variable named ``application``.
Served by uvicorn (see the Procfile).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_asgi_application()
