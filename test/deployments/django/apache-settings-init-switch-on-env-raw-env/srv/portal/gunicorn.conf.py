# gunicorn -c /srv/portal/gunicorn.conf.py
bind = "127.0.0.1:8010"
wsgi_app = "portal.wsgi:application"
chdir = "/srv/portal"
workers = 3
raw_env = ["DJANGO_SETTINGS_MODULE=portal.settings"]
accesslog = "-"
