# gunicorn -c /srv/intranet/deploy/gunicorn.conf.py
wsgi_app = "intranet.wsgi:application"
chdir = "/srv/intranet"
bind = "127.0.0.1:8010"
workers = 3
timeout = 60
raw_env = ["DJANGO_SETTINGS_MODULE=intranet.settings"]
accesslog = "-"
