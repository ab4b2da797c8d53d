from .base import *

DEBUG = False
ALLOWED_HOSTS = ["ledger.example.com"]

SECURE_HSTS_SECONDS = 31536000
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

STATIC_ROOT = "/srv/ledger/static"
MEDIA_ROOT = "/srv/ledger/media"
