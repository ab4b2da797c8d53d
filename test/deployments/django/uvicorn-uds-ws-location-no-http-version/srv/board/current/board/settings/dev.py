from .base import *  # noqa

DEBUG = True
SECRET_KEY = "dev"
ALLOWED_HOSTS = ["*"]
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
