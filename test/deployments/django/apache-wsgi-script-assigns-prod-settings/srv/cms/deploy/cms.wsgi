import os
import sys

sys.path.insert(0, "/srv/cms")
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.prod"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
