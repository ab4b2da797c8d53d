# Production overrides (not in git)
DEBUG = False
ALLOWED_HOSTS = ["tracker.example.com"]
