"""chat.example.com production settings (daphne-chat.service)."""
import os

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

# chat.example.com and the regional eu.chat.example.com
ALLOWED_HOSTS = [".chat.example.com"]
CSRF_TRUSTED_ORIGINS = ["https://chat.example.com", "https://eu.chat.example.com"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

STATIC_ROOT = "/srv/chat/static"
MEDIA_ROOT = "/srv/chat/media"

CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": [os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1")]},
    },
}
