# gunicorn settings file (https://docs.gunicorn.org/en/stable/settings.html)
import multiprocessing

wsgi_app = "shopsite.wsgi:application"
chdir = "/srv/shop/app"
bind = "127.0.0.1:8010"
workers = multiprocessing.cpu_count() * 2 + 1
raw_env = [
    "DJANGO_SETTINGS_MODULE=shopsite.settings.prod",
]
accesslog = "-"
