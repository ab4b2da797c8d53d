from .common import *  # noqa

DEBUG = True
SECRET_KEY = "insecure-dev-key"
ALLOWED_HOSTS = []
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_ROOT = BASE_DIR / "media"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
