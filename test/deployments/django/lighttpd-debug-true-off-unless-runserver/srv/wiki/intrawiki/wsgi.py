"""
WSGI config for wiki project.

This module contains the WSGI application used by Django's development server
and any production WSGI deployments. It should expose a module-level variable
named ``application``.
"""
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intrawiki.settings")

from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()
