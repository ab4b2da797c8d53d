# Read by gunicorn from its working directory (no -c needed).
import multiprocessing

bind = "unix:/run/portal/gunicorn.sock"
workers = multiprocessing.cpu_count() * 2 + 1
timeout = 60
accesslog = "-"
errorlog = "-"
capture_output = True
