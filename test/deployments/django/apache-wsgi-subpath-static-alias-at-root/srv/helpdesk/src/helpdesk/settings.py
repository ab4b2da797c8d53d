"""Helpdesk settings (single module, production values; dev uses .env overrides via runserver flags)."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent   # /srv/helpdesk/src
DATA_DIR = BASE_DIR.parent                           # /srv/helpdesk

SECRET_KEY = os.environ.get("HELPDESK_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = ["intra.example.org"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "tickets",
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

ROOT_URLCONF = "helpdesk.urls"
WSGI_APPLICATION = "helpdesk.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "helpdesk",
    }
}

# Relative URLs (Django >= 3.1): prefixed with SCRIPT_NAME, i.e. /helpdesk/static/
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "staticfiles"

# Attachments are served by tickets.views.download after a permission check.
MEDIA_URL = "attachments/"
MEDIA_ROOT = DATA_DIR / "attachments"

LOGIN_URL = "login"

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 0  # sent by Apache (Header always set Strict-Transport-Security)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
