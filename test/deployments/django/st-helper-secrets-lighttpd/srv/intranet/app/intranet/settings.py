"""
Django settings for the staff directory (intranet.corp.example).

Secrets are not in this repository: puppet writes /etc/intranet/intranet_secrets.py,
and the list of host names is /etc/intranet/hosts (one per line).
"""
import os
import sys
from pathlib import Path

import ldap
from django_auth_ldap.config import LDAPSearch, GroupOfNamesType

# Build paths inside the project like this: BASE_DIR / 'subdir'.
BASE_DIR = Path(__file__).resolve().parent.parent

sys.path.insert(0, "/etc/intranet")
from intranet_secrets import SECRET_KEY, DATABASE_PASSWORD, LDAP_BIND_PASSWORD  # noqa: E402


def _env_flag(name, default=False):
    value = os.getenv(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _read_hosts(path):
    try:
        with open(path) as fh:
            return [line.strip() for line in fh if line.strip() and not line.startswith("#")]
    except FileNotFoundError:
        return ["localhost"]


def _data_dir(name):
    root = os.getenv("INTRANET_DATA_DIR", "/var/lib/intranet")
    return os.path.join(root, name)


DEBUG = _env_flag("INTRANET_DEBUG")

ALLOWED_HOSTS = _read_hosts("/etc/intranet/hosts")

INSTALLED_APPS = [
    'django.contrib.admin',
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.sessions',
    'django.contrib.messages',
    'django.contrib.staticfiles',
    'django.contrib.humanize',
    'directory',
]

MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
]

ROOT_URLCONF = 'intranet.urls'

TEMPLATES = [
    {
        'BACKEND': 'django.template.backends.django.DjangoTemplates',
        'DIRS': [BASE_DIR / 'templates'],
        'APP_DIRS': True,
        'OPTIONS': {
            'context_processors': [
                'django.template.context_processors.debug',
                'django.template.context_processors.request',
                'django.contrib.auth.context_processors.auth',
                'django.contrib.messages.context_processors.messages',
            ],
        },
    },
]

WSGI_APPLICATION = 'intranet.wsgi.application'

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': 'intranet',
        'USER': 'intranet',
        'PASSWORD': DATABASE_PASSWORD,
        'HOST': 'pg.corp.example',
        'PORT': '5432',
    }
}

# LDAP login against the company directory
# https://django-auth-ldap.readthedocs.io/en/latest/authentication.html
AUTHENTICATION_BACKENDS = [
    'django_auth_ldap.backend.LDAPBackend',
    'django.contrib.auth.backends.ModelBackend',
]
AUTH_LDAP_SERVER_URI = 'ldaps://ldap.corp.example'
AUTH_LDAP_BIND_DN = 'cn=intranet,ou=services,dc=corp,dc=example'
AUTH_LDAP_BIND_PASSWORD = LDAP_BIND_PASSWORD
AUTH_LDAP_USER_SEARCH = LDAPSearch(
    'ou=people,dc=corp,dc=example', ldap.SCOPE_SUBTREE, '(uid=%(user)s)'
)
AUTH_LDAP_GROUP_SEARCH = LDAPSearch(
    'ou=groups,dc=corp,dc=example', ldap.SCOPE_SUBTREE, '(objectClass=groupOfNames)'
)
AUTH_LDAP_GROUP_TYPE = GroupOfNamesType()
AUTH_LDAP_USER_FLAGS_BY_GROUP = {
    'is_staff': 'cn=it,ou=groups,dc=corp,dc=example',
}

AUTH_PASSWORD_VALIDATORS = [
    {'NAME': 'django.contrib.auth.password_validation.UserAttributeSimilarityValidator'},
    {'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator'},
    {'NAME': 'django.contrib.auth.password_validation.CommonPasswordValidator'},
    {'NAME': 'django.contrib.auth.password_validation.NumericPasswordValidator'},
]

LANGUAGE_CODE = 'en-gb'
TIME_ZONE = 'Europe/London'
USE_I18N = True
USE_TZ = True

# Static files: `manage.py collectstatic` on deploy.
STATIC_URL = '/static/'
STATIC_ROOT = BASE_DIR / 'staticfiles'

# Staff photos and CVs uploaded through the admin.
MEDIA_URL = '/files/'
MEDIA_ROOT = _data_dir('uploads')
FILE_UPLOAD_PERMISSIONS = 0o640

DEFAULT_AUTO_FIELD = 'django.db.models.BigAutoField'

SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LOGGING = {
    'version': 1,
    'disable_existing_loggers': False,
    'handlers': {
        'file': {
            'class': 'logging.handlers.WatchedFileHandler',
            'filename': '/var/log/intranet/django.log',
        },
    },
    'root': {'handlers': ['file'], 'level': 'WARNING'},
}
