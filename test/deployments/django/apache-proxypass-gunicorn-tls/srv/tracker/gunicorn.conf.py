# gunicorn configuration for tracker
import multiprocessing

wsgi_app = "tracker.wsgi:application"
bind = "127.0.0.1:8000"
workers = multiprocessing.cpu_count() * 2 + 1
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
