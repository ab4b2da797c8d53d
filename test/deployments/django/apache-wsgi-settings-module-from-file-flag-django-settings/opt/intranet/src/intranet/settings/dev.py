from .base import *  # noqa: F401,F403

DEBUG = True
SECRET_KEY = "dev-only"
ALLOWED_HOSTS = ["*"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
