from .base import *  # noqa

DEBUG = True
SECRET_KEY = "dev"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
