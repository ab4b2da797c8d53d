import os

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # /srv/recipes/app
DATA_DIR = os.path.dirname(BASE_DIR)                                   # /srv/recipes

SECRET_KEY = open(os.path.join(DATA_DIR, 'secret_key.txt')).read().strip()

DEBUG = False

ALLOWED_HOSTS = ['recipes.lan']

INSTALLED_APPS = [
    'django.contrib.admin',
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.sessions',
    'django.contrib.messages',
    'django.contrib.staticfiles',
    'cookbook',
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

ROOT_URLCONF = 'recipes.urls'
WSGI_APPLICATION = 'recipes.wsgi.application'

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': os.path.join(DATA_DIR, 'db.sqlite3'),
    }
}

TIME_ZONE = 'Europe/Vienna'
USE_TZ = True

STATIC_URL = '/static/'
STATIC_ROOT = os.path.join(DATA_DIR, 'static')

# Photos of the dishes (ImageField upload_to='photos/').
# The old PHP site kept them in /srv/recipes/uploads; imported into media/ in 2023.
MEDIA_URL = '/media/'
MEDIA_ROOT = os.path.join(DATA_DIR, 'media')

DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
