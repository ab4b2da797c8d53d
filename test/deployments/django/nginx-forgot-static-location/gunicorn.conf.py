bind = "127.0.0.1:8000"
workers = 3
wsgi_app = "forms.wsgi"
