# Gunicorn configuration for blog.example.org
# https://docs.gunicorn.org/en/stable/settings.html
import multiprocessing

wsgi_app = "config.wsgi:application"
chdir = "/srv/blog"
bind = "127.0.0.1:8000"
workers = multiprocessing.cpu_count() * 2 + 1
worker_class = "sync"
timeout = 30
graceful_timeout = 30
keepalive = 5
max_requests = 1000
max_requests_jitter = 50

raw_env = [
    "DJANGO_SETTINGS_MODULE=config.settings.production",
]

accesslog = "-"
errorlog = "-"
loglevel = "info"
# nginx on the same host is the only client
forwarded_allow_ips = "127.0.0.1"
proxy_allow_ips = "127.0.0.1"
