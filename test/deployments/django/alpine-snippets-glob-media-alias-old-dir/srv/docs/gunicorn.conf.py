# gunicorn -c /srv/docs/gunicorn.conf.py  (started by /etc/init.d/docs, OpenRC)
import multiprocessing

wsgi_app = "docs.wsgi:application"
chdir = "/srv/docs"
bind = "unix:/run/gunicorn/docs.sock"
workers = multiprocessing.cpu_count() * 2 + 1
timeout = 60
accesslog = "/var/log/docs/access.log"
errorlog = "/var/log/docs/error.log"
raw_env = ["DJANGO_SETTINGS_MODULE=docs.settings"]
