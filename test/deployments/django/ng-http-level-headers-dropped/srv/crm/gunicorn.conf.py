# gunicorn configuration for crm.example.com
# https://docs.gunicorn.org/en/stable/settings.html
import multiprocessing

wsgi_app = "crm.wsgi:application"
chdir = "/srv/crm/app"
bind = "unix:/run/gunicorn/crm.sock"
raw_env = ["DJANGO_SETTINGS_MODULE=crm.settings.prod"]

workers = multiprocessing.cpu_count() * 2 + 1
worker_class = "gthread"
threads = 4
timeout = 120
graceful_timeout = 30
keepalive = 5
max_requests = 5000
max_requests_jitter = 500

accesslog = "-"
errorlog = "-"
loglevel = "info"
forwarded_allow_ips = "127.0.0.1"
