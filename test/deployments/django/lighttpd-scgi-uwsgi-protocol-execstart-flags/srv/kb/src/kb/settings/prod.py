import os

from .common import *  # noqa

DEBUG = False
SECRET_KEY = os.environ.get("KB_SECRET_KEY", "")

# the short name is what people type on the office network
ALLOWED_HOSTS = ["kb", "kb.corp.example"]

STATIC_ROOT = "/srv/kb/static"
MEDIA_ROOT = "/srv/kb/media"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "kb",
        "HOST": "db.corp.example",
    }
}
