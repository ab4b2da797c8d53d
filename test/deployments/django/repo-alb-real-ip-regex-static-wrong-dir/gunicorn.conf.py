# gunicorn -c gunicorn.conf.py (see deploy/systemd/app.service)
import os

wsgi_app = "api.wsgi:application"
bind = "127.0.0.1:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", 4))
forwarded_allow_ips = "127.0.0.1"
raw_env = [
    "DJANGO_SETTINGS_MODULE=api.settings.production",
]
