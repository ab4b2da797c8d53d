bind = "unix:/run/saas/gunicorn.sock"
workers = 5
wsgi_app = "saas.wsgi:application"
forwarded_allow_ips = "*"
