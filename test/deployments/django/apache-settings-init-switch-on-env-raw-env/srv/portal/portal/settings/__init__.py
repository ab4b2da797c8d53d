import os

# DJANGO_ENV=development on laptops; anything else (or unset) is production.
if os.environ.get("DJANGO_ENV", "production") == "development":
    from .development import *  # noqa: F401,F403
else:
    from .production import *  # noqa: F401,F403
