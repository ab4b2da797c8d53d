from .base import *  # noqa: F401,F403

ALLOWED_HOSTS = ["www.kestrel-research.org", "kestrel-research.org"]

# The tool is served at https://www.kestrel-research.org/surveys/
STATIC_URL = "/surveys/static/"
STATIC_ROOT = "/srv/surveys/static"

LOGIN_URL = "/surveys/accounts/login/"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = ["https://www.kestrel-research.org"]
SESSION_COOKIE_PATH = "/surveys/"
