import os

from configurations import Configuration, values

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Common(Configuration):
    SECRET_KEY = values.SecretValue()

    INSTALLED_APPS = [
        "django.contrib.admin",
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
        "django.contrib.staticfiles",
        "mysite.blog",
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

    ROOT_URLCONF = "mysite.urls"
    WSGI_APPLICATION = "mysite.wsgi.application"

    DATABASES = values.DatabaseURLValue("sqlite:///{}".format(os.path.join(BASE_DIR, "db.sqlite3")))

    STATIC_URL = "/static/"
    STATIC_ROOT = os.path.join(BASE_DIR, "staticfiles")


class Dev(Common):
    DEBUG = True
    ALLOWED_HOSTS = ["localhost", "127.0.0.1"]


class Prod(Common):
    DEBUG = False
    ALLOWED_HOSTS = values.ListValue(["blog.example.net"])

    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = values.IntegerValue(31536000)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
