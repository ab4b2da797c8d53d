# gunicorn -c /srv/catalog/deploy/gunicorn.conf.py
# https://docs.gunicorn.org/en/stable/configure.html#configuration-file
wsgi_app = "api.wsgi:application"
chdir = "/srv/catalog/api"
bind = "unix:/run/catalog/gunicorn.sock"
workers = 4
worker_class = "sync"
timeout = 30
accesslog = "/var/log/catalog/access.log"
errorlog = "/var/log/catalog/error.log"
raw_env = [
    "DJANGO_SETTINGS_MODULE=api.settings",
    "DJANGO_CONFIGURATION=Prod",
]
