"""
WSGI config for intranet project, run by mod_wsgi (daemon group "intranet").
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'intranet.settings.production')

application = get_wsgi_application()
