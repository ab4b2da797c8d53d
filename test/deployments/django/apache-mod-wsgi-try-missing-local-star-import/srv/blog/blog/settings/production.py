from .base import *  # noqa: F401,F403

ALLOWED_HOSTS += ["www.example.org"]

SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Machine-specific overrides (secrets, DB password) live in local.py,
# which is not in version control.
try:
    from .local import *  # noqa: F401,F403
except ImportError:
    pass
