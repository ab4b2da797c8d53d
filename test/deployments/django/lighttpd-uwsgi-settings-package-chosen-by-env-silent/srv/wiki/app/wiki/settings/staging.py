from .production import *  # noqa: F401,F403

ALLOWED_HOSTS = ["wiki-staging.example.net"]
SECURE_HSTS_SECONDS = 0
WAGTAILADMIN_BASE_URL = "https://wiki-staging.example.net"
