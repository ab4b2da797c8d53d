from .base import *  # noqa

INTERNAL_IPS = ["127.0.0.1"]
