from .base import *  # noqa

DEBUG = True
ALLOWED_HOSTS = ["staging.shop.example.com", "127.0.0.1"]
