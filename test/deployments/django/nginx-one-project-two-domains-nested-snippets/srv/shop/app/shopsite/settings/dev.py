from shopsite.settings.base import *

DEBUG = True
ALLOWED_HOSTS = ["*"]
