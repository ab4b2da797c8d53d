"""
Pick the settings for the environment we run in.

DJANGO_ENV is set by the deployment (uWSGI reads /etc/wiki/environment);
a developer's checkout gets the development settings.
"""
import os

DJANGO_ENV = os.environ.get("DJANGO_ENV", "development")

if DJANGO_ENV == "production":
    from .production import *  # noqa: F401,F403
elif DJANGO_ENV == "staging":
    from .staging import *  # noqa: F401,F403
else:
    from .development import *  # noqa: F401,F403
