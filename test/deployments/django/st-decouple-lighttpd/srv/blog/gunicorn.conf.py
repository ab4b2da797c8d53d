# gunicorn configuration for blog.example.net
# https://docs.gunicorn.org/en/stable/settings.html
import multiprocessing

wsgi_app = "blog.wsgi:application"
chdir = "/srv/blog/app"
bind = "127.0.0.1:8000"
workers = multiprocessing.cpu_count() * 2 + 1
timeout = 30
graceful_timeout = 30
max_requests = 1000
max_requests_jitter = 50
accesslog = "-"
errorlog = "-"
loglevel = "info"
# lighttpd runs on this host; trust its X-Forwarded-* headers
forwarded_allow_ips = "127.0.0.1"
raw_env = ["DJANGO_SETTINGS_MODULE=blog.settings"]
