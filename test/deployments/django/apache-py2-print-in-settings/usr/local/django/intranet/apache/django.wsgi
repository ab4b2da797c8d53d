import os
import sys

sys.path.append('/usr/local/django')
sys.path.append('/usr/local/django/intranet')

os.environ['DJANGO_SETTINGS_MODULE'] = 'intranet.settings'

import django.core.handlers.wsgi
application = django.core.handlers.wsgi.WSGIHandler()
