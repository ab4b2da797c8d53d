"""
Production settings for clinic.example.com.

Served by Apache + mod_wsgi (daemon mode); see deploy/apache/clinic.conf.
"""
import os

from .base import *  # noqa: F401,F403

# GENERAL
# ------------------------------------------------------------------------------
DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = ["clinic.example.com"]

# STATIC / MEDIA: outside the checkout, served by Apache
# ------------------------------------------------------------------------------
STATIC_ROOT = "/srv/clinic/public/static"
MEDIA_ROOT = "/srv/clinic/public/media"

# SECURITY
# ------------------------------------------------------------------------------
# Apache redirects port 80 to https itself (RewriteRule in the :80 host).
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 518400
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True

# EMAIL
# ------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = "Clinic <noreply@clinic.example.com>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[clinic] "
EMAIL_HOST = "localhost"

# ADMIN
# ------------------------------------------------------------------------------
ADMIN_URL = "staff-only/"
ADMINS = [("Clinic IT", "it@clinic.example.com")]
MANAGERS = ADMINS
