#!/bin/sh
# Run on staging1 as root after `git pull` in /srv/shop.
set -eu
install -m 644 deploy/staging/nginx/shop-staging.conf /etc/nginx/sites-available/shop-staging
ln -sf /etc/nginx/sites-available/shop-staging /etc/nginx/sites-enabled/shop-staging
install -m 644 deploy/staging/systemd/gunicorn-shop-staging.service /etc/systemd/system/
systemctl daemon-reload
sudo -u shop DJANGO_SETTINGS_MODULE=config.settings.staging .venv/bin/python manage.py migrate --noinput
sudo -u shop DJANGO_SETTINGS_MODULE=config.settings.staging .venv/bin/python manage.py collectstatic --noinput
systemctl restart gunicorn-shop-staging
nginx -t && systemctl reload nginx
