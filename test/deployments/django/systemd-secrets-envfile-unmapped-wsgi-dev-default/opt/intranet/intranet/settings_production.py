import os

from .settings import *  # noqa

DEBUG = False

ALLOWED_HOSTS = ["intranet.corp.example"]

SECRET_KEY = os.environ["SECRET_KEY"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "intranet",
        "USER": "intranet",
        "PASSWORD": os.environ["DB_PASSWORD"],
        "HOST": "db1.corp.example",
    }
}

AUTH_LDAP_SERVER_URI = "ldaps://ldap.corp.example"
AUTH_LDAP_BIND_DN = "cn=intranet,ou=services,dc=corp,dc=example"
AUTH_LDAP_BIND_PASSWORD = os.environ["LDAP_BIND_PASSWORD"]
