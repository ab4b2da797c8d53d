"""
Settings are assembled by django-split-settings: the base components first,
then the file of the environment named by DJANGO_ENV (production on the servers).
"""
from os import environ

from split_settings.tools import include, optional

ENV = environ.get("DJANGO_ENV") or "development"

base_settings = [
    "components/common.py",
    "components/database.py",
    "components/security.py",
    # Select the right env:
    "environments/{0}.py".format(ENV),
    # Optionally override some settings:
    optional("environments/local.py"),
]

include(*base_settings)
