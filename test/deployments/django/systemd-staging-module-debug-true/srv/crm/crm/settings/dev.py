from .base import *  # noqa

DEBUG = True
SECRET_KEY = "dev"
ALLOWED_HOSTS = ["*"]
DATABASES["default"]["NAME"] = "crm_dev"
