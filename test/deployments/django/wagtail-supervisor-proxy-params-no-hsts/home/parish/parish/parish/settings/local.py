# Server-only settings: not in git.
SECRET_KEY = "c2f9e1d0a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1"

ALLOWED_HOSTS = ["www.stmarys-example.org.uk", "stmarys-example.org.uk"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "parish",
        "USER": "parish",
        "PASSWORD": "",
        "HOST": "",
    }
}

EMAIL_HOST = "smtp.example.net"
DEFAULT_FROM_EMAIL = "office@stmarys-example.org.uk"
