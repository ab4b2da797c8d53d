# gunicorn configuration for atlas (systemd: /etc/systemd/system/atlas.service)
# https://docs.gunicorn.org/en/stable/settings.html
import multiprocessing

wsgi_app = "atlas.wsgi:application"
chdir = "/var/www/atlas"
bind = "127.0.0.1:8000"
workers = multiprocessing.cpu_count() * 2 + 1
timeout = 60
raw_env = ["DJANGO_SETTINGS_MODULE=atlas.settings"]
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
errorlog = "-"
