# Used by docker-compose.production.yml: gunicorn -c /app/docker/django/gunicorn.conf.py
wsgi_app = "config.wsgi:application"
chdir = "/app"
bind = "0.0.0.0:5000"
workers = 4
raw_env = ["DJANGO_SETTINGS_MODULE=config.settings.production"]
forwarded_allow_ips = "*"
