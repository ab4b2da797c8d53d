from .base import *

DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

STATIC_ROOT = "/srv/shop/static"
MEDIA_ROOT = "/srv/shop/media"
