# Gunicorn, inside the django container of the yardstick-web pod.
# https://docs.gunicorn.org/en/stable/settings.html
import os

wsgi_app = "config.wsgi:application"
chdir = "/app"
bind = "0.0.0.0:8000"
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = 2
timeout = 60
accesslog = "-"
errorlog = "-"
# The sidecar nginx is the only peer.
forwarded_allow_ips = "127.0.0.1"
