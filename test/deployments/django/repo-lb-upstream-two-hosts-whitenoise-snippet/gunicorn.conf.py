"""gunicorn settings for the app hosts (10.0.1.11, 10.0.1.12)."""

bind = "0.0.0.0:8000"
workers = 5
worker_class = "gthread"
threads = 4
timeout = 120
keepalive = 20
forwarded_allow_ips = "10.0.1.5"
accesslog = "-"
