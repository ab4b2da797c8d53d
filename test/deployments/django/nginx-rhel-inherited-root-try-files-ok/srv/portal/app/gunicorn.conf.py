# gunicorn configuration for the member portal
import multiprocessing

wsgi_app = "portal.wsgi:application"
bind = "127.0.0.1:8010"
workers = multiprocessing.cpu_count() * 2 + 1
raw_env = ["DJANGO_SETTINGS_MODULE=portal.settings.production"]
accesslog = "-"
forwarded_allow_ips = "127.0.0.1"
