from .common import *

DEBUG = False
ALLOWED_HOSTS = ["chat.example.net"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

MEDIA_URL = "/media/"
MEDIA_ROOT = "/var/lib/chat/media"
