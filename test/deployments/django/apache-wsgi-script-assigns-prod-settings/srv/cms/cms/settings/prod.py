from .base import *  # noqa

DEBUG = False
ALLOWED_HOSTS = ["cms.example.edu"]
