from .base import *  # noqa

DEBUG = True
ALLOWED_HOSTS = ["*"]
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
