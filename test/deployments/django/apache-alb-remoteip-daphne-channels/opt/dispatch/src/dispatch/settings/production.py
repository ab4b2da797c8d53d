from .base import *  # noqa

ALLOWED_HOSTS = ["dispatch.routewise.app", "dispatch-internal.routewise.app"]

# The ALB sets X-Forwarded-Proto; Apache accepts traffic from the ALB only.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 63072000
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
USE_X_FORWARDED_HOST = False
