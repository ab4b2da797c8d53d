# gunicorn -c deploy/gunicorn.conf.py  (from /srv/recipes, see deploy/README)
import multiprocessing

wsgi_app = "config.wsgi:application"
bind = "unix:/run/recipes/gunicorn.sock"
workers = multiprocessing.cpu_count() * 2 + 1
timeout = 30
accesslog = "-"
errorlog = "-"
raw_env = [
    "DJANGO_SETTINGS_MODULE=config.settings.prodution",
]
