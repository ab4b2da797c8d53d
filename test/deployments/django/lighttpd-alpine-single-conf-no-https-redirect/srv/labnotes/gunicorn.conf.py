# gunicorn -c /srv/labnotes/gunicorn.conf.py  (started by /etc/init.d/labnotes)
import multiprocessing

wsgi_app = "labnotes.wsgi:application"
chdir = "/srv/labnotes"
bind = "127.0.0.1:8000"
workers = multiprocessing.cpu_count() * 2 + 1
accesslog = "/var/log/labnotes/access.log"
errorlog = "/var/log/labnotes/error.log"
forwarded_allow_ips = "127.0.0.1"
raw_env = ["DJANGO_SETTINGS_MODULE=labnotes.settings"]
