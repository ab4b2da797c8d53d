from .base import *  # noqa

DEBUG = True
SECRET_KEY = "local-development-key-not-a-secret"
ALLOWED_HOSTS = ["localhost", "0.0.0.0", "127.0.0.1"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
