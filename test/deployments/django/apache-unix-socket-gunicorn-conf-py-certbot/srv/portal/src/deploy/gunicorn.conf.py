# gunicorn -c /srv/portal/src/deploy/gunicorn.conf.py
import multiprocessing

wsgi_app = "portal.wsgi:application"
chdir = "/srv/portal/src"

# Apache talks to the socket; 8001 is for the health check of the monitoring host
bind = ["unix:/run/gunicorn/portal.sock", "127.0.0.1:8001"]
umask = 0o007

workers = multiprocessing.cpu_count() * 2 + 1
timeout = 60
max_requests = 2000
max_requests_jitter = 200

raw_env = [
    "DJANGO_SETTINGS_MODULE=portal.settings.prod",
]

accesslog = "-"
errorlog = "-"
