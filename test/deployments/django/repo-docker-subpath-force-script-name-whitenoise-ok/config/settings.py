import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent  # /code in the image

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["tools.corp.example.com"]

# Served under http://tools.corp.example.com/timesheets/ ; nginx strips the
# prefix (proxy_pass http://timesheets/), so tell Django about it.
FORCE_SCRIPT_NAME = "/timesheets"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "timesheets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "timesheets",
        "USER": "timesheets",
        "PASSWORD": os.environ.get("POSTGRES_PASSWORD", ""),
        "HOST": "db",
    }
}

TIME_ZONE = "UTC"
USE_TZ = True

# Relative: becomes /timesheets/static/ and /timesheets/media/
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"

STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

SESSION_COOKIE_PATH = "/timesheets/"
CSRF_COOKIE_PATH = "/timesheets/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
