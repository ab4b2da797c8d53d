from .common import *

DEBUG = True
ALLOWED_HOSTS = ["*"]
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"
