from .common import *  # noqa

DEBUG = True
SECRET_KEY = "dev"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(BASE_DIR, "db.sqlite3")}}
