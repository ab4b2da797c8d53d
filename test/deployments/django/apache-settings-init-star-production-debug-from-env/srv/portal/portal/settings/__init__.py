# The servers run production settings; developers export
# DJANGO_SETTINGS_MODULE=portal.settings.dev.
from .production import *  # noqa: F401,F403
