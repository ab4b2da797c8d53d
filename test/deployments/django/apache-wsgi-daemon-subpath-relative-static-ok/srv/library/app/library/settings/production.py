from .base import *  # noqa: F401,F403

DEBUG = False

ALLOWED_HOSTS = ['library.example.org', 'www.library.example.org']

with open('/etc/library/secret_key.txt') as f:
    SECRET_KEY = f.read().strip()

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': 'library',
        'USER': 'library',
        'HOST': 'localhost',
        'PORT': '5432',
    }
}

# Apache redirects port 80 (certbot) and sends HSTS itself.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

EMAIL_HOST = 'localhost'
DEFAULT_FROM_EMAIL = 'library@example.org'
SERVER_EMAIL = 'library@example.org'
ADMINS = [('IT', 'it@example.org')]

LOGGING = {
    'version': 1,
    'disable_existing_loggers': False,
    'handlers': {
        'file': {
            'level': 'WARNING',
            'class': 'logging.FileHandler',
            'filename': '/var/log/library/django.log',
        },
    },
    'root': {'handlers': ['file'], 'level': 'WARNING'},
}
