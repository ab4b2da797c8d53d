from .base import *  # noqa: F401,F403

DEBUG = False

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

ALLOWED_HOSTS = ["blog.example.net", "www.blog.example.net"]

CSRF_TRUSTED_ORIGINS = ["http://blog.example.net", "http://www.blog.example.net"]

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = "blog@example.net"
