# Gunicorn configuration file.
# https://docs.gunicorn.org/en/stable/configure.html#configuration-file
# https://docs.gunicorn.org/en/stable/settings.html

import os

# On Heroku, the PORT environment variable is set to the port the app should bind to.
bind = ["[::]:" + os.environ.get("PORT", "5006")]

workers = int(os.environ.get("WEB_CONCURRENCY", 2))
threads = 1
keepalive = 5
timeout = 20
wsgi_app = "gettingstarted.wsgi"
forwarded_allow_ips = "*"
secure_scheme_headers = {"X-Forwarded-Proto": "https"}
