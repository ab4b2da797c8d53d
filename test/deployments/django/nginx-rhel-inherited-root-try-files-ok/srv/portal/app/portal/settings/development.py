from .base import *  # noqa

STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_ROOT = BASE_DIR / "media"
