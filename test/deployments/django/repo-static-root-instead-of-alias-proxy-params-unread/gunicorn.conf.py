# Used by /etc/systemd/system/gunicorn.service: gunicorn -c /srv/app/gunicorn.conf.py
wsgi_app = "mysite.wsgi"
bind = "unix:/run/gunicorn/mysite.sock"
workers = 3
accesslog = "-"
