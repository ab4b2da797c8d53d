from .base import *  # noqa

# nginx handles http -> https (see /etc/nginx/sites-available/erp)
SECURE_SSL_REDIRECT = False

LOGGING = {
    "version": 1,
    "handlers": {"file": {"class": "logging.FileHandler", "filename": "/var/log/erp/django.log"}},
    "root": {"handlers": ["file"], "level": "WARNING"},
}
