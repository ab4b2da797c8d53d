"""This file contains all the settings used in production."""

from server.settings.components import BASE_DIR, config

DEBUG = False

ALLOWED_HOSTS = [
    config('DOMAIN_NAME'),
    # We need this value for `healthcheck` to work:
    'localhost',
]

STATIC_ROOT = '/var/www/django/static'
MEDIA_ROOT = '/var/www/django/media'

# Security
# https://docs.djangoproject.com/en/4.2/topics/security/

SECURE_HSTS_SECONDS = 31536000  # the same as Caddy has
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [
    # This is required for healthcheck to work:
    '^health/',
]

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
