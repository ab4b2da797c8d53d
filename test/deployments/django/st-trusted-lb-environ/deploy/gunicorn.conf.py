# /opt/recipes/deploy/gunicorn.conf.py (systemd: gunicorn -c this file)
# https://docs.gunicorn.org/en/stable/settings.html
import multiprocessing

wsgi_app = "recipes.wsgi:application"
chdir = "/opt/recipes/src"
bind = "0.0.0.0:8000"
workers = multiprocessing.cpu_count() * 2 + 1
worker_tmp_dir = "/dev/shm"
timeout = 60
keepalive = 75
accesslog = "-"
forwarded_allow_ips = "127.0.0.1"
