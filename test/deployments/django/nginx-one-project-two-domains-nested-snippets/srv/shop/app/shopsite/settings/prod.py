from shopsite.settings.base import *

DEBUG = False
ALLOWED_HOSTS = ["shop.example.com", ".example.de"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
