"""portal.example.com"""
import os

from .base import *  # noqa

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = ["portal.example.com"]
CSRF_TRUSTED_ORIGINS = ["https://portal.example.com"]
SECURE_SSL_REDIRECT = True

ADMINS = [("Portal team", "portal-team@example.com")]
SERVER_EMAIL = "portal@example.com"
