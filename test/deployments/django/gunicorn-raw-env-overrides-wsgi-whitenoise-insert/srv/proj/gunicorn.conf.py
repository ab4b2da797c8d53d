import multiprocessing

bind = "unix:/run/proj/gunicorn.sock"
workers = multiprocessing.cpu_count() * 2 + 1
wsgi_app = "proj.wsgi:application"
chdir = "/srv/proj"
raw_env = ["DJANGO_SETTINGS_MODULE=proj.settings.prod"]
