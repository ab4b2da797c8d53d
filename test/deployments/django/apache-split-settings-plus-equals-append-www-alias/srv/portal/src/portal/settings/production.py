"""Production: gunicorn behind Apache on portal01."""
from .base import *  # noqa: F401,F403

with open("/etc/portal/secret_key") as fh:
    SECRET_KEY = fh.read().strip()

ALLOWED_HOSTS += ["portal.example.org"]
# every host of the staff network, e.g. intranet.staff.example.org
ALLOWED_HOSTS.append(".staff.example.org")

# static files are served by WhiteNoise from gunicorn; Apache only proxies
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = ["https://portal.example.org", "https://*.staff.example.org"]

LOGGING["handlers"]["file"] = {
    "class": "logging.handlers.WatchedFileHandler",
    "filename": "/var/log/portal/django.log",
}
LOGGING["root"]["handlers"].append("file")
