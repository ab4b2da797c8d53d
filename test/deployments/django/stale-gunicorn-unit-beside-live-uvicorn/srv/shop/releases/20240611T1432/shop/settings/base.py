import os

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "shop.products",
    "shop.checkout",
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

ROOT_URLCONF = "shop.urls"
ASGI_APPLICATION = "shop.asgi.application"
WSGI_APPLICATION = "shop.wsgi.application"

# shared between releases, outside /srv/shop/releases/*
STATIC_URL = "/static/"
STATIC_ROOT = "/srv/shop/static"
MEDIA_URL = "/media/"
MEDIA_ROOT = "/srv/shop/media"

SECRET_KEY = os.environ.get("SHOP_SECRET_KEY", "")
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
