# gunicorn settings for ledger (lighttpd proxies to it, vhosts.d/ledger.conf)
import multiprocessing

bind = "127.0.0.1:8030"
workers = multiprocessing.cpu_count() * 2 + 1
timeout = 60
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
