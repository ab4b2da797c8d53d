from .base import *

DEBUG = False
ALLOWED_HOSTS = ["staging.ledger.example.com"]

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

STATIC_ROOT = "/srv/ledger/static-staging"
MEDIA_ROOT = "/srv/ledger/media-staging"
