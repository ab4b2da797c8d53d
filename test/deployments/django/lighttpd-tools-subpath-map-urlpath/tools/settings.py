"""
Intranet tools (inventory, on-call rota). Served at http://intranet.example.lan/tools/
by lighttpd (deploy/lighttpd) in front of gunicorn (deploy/systemd/tools.service).
"""
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = (BASE_DIR / ".secret_key").read_text().strip()

# Intranet only, so tracebacks help us more than they hurt.
DEBUG = True

ALLOWED_HOSTS = ["intranet.example.lan", "localhost", "127.0.0.1"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "inventory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "tools.urls"
WSGI_APPLICATION = "tools.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}

STATIC_URL = "/tools/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
