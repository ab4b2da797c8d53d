from .common import *  # noqa

DEBUG = False
SECRET_KEY = os.environ["RECIPES_SECRET_KEY"]
ALLOWED_HOSTS = ["recipes.example.com"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "recipes",
        "USER": "recipes",
        "HOST": "/var/run/postgresql",
    }
}

STATIC_ROOT = "/srv/recipes/public/static"
MEDIA_ROOT = "/srv/recipes/public/media"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
# old feed readers cannot follow a redirect to https
SECURE_REDIRECT_EXEMPT = [r"^feeds/"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# HSTS: nginx adds it (sites-available/recipes)
