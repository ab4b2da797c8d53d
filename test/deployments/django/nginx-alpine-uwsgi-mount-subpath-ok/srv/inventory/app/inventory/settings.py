import os

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SECRET_KEY = os.environ.get("INVENTORY_SECRET_KEY", "insecure-dev-key")
DEBUG = False
ALLOWED_HOSTS = ["lab.example.edu"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "equipment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "inventory.urls"
WSGI_APPLICATION = "inventory.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.path.join(BASE_DIR, "db.sqlite3"),
    }
}

# Relative on purpose: Django prefixes them with SCRIPT_NAME (/inventory),
# which uWSGI sets from the mount point.
STATIC_URL = "static/"
STATIC_ROOT = "/srv/inventory/collected-static"
MEDIA_URL = "media/"
MEDIA_ROOT = "/srv/inventory/uploads"

# TLS ends at nginx; uwsgi_params passes HTTPS, so uWSGI sets wsgi.url_scheme.
SECURE_HSTS_SECONDS = 31536000
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_PATH = "/inventory/"
CSRF_COOKIE_PATH = "/inventory/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
