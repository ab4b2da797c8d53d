"""
Settings are split by environment. DJANGO_ENV picks the module:

    DJANGO_ENV=production   the servers (set in the systemd unit)
    anything else           a developer's machine

Keep secrets out of these files: production.py reads them from the environment.
"""
import os

DJANGO_ENV = os.environ.get("DJANGO_ENV", "development")

if DJANGO_ENV == "production":
    from .production import *  # noqa: F401,F403
else:
    from .development import *  # noqa: F401,F403
