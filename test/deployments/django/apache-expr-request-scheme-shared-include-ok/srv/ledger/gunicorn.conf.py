# gunicorn -c /srv/ledger/gunicorn.conf.py
import multiprocessing

wsgi_app = "ledger.wsgi:application"
chdir = "/srv/ledger/src"
bind = "127.0.0.1:8001"
workers = multiprocessing.cpu_count() * 2 + 1
timeout = 60
accesslog = "-"
raw_env = [
    "DJANGO_SETTINGS_MODULE=ledger.settings.production",
]
