import multiprocessing

# nginx balances over both (upstream shop_app)
bind = ["127.0.0.1:8000", "127.0.0.1:8001"]
workers = multiprocessing.cpu_count() * 2 + 1
timeout = 60
accesslog = "-"
errorlog = "-"
raw_env = ["DJANGO_SETTINGS_MODULE=shop.settings"]
