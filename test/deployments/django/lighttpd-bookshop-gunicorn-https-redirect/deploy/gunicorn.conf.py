# gunicorn -c /srv/bookshop/app/deploy/gunicorn.conf.py
# (started by systemd, see deploy/README in the ops wiki)
import multiprocessing

wsgi_app = "bookshop.wsgi:application"
chdir = "/srv/bookshop/app"
bind = "127.0.0.1:8000"
workers = multiprocessing.cpu_count() * 2 + 1
raw_env = [
    "DJANGO_SETTINGS_MODULE=bookshop.settings.production",
]
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
errorlog = "-"
timeout = 60
