# gunicorn -c deploy/gunicorn.conf.py
wsgi_app = "tasks.asgi:application"
worker_class = "uvicorn.workers.UvicornWorker"
bind = "127.0.0.1:8000"
workers = 3
chdir = "/srv/tasks"
raw_env = ["DJANGO_SETTINGS_MODULE=tasks.settings.prod"]
accesslog = "-"
