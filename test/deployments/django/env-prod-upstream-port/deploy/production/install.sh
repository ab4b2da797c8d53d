#!/bin/sh
# Run on web1 as root after `git pull` in /srv/shop.
set -eu
install -m 644 deploy/production/nginx/shop.conf /etc/nginx/sites-available/shop
ln -sf /etc/nginx/sites-available/shop /etc/nginx/sites-enabled/shop
install -m 644 deploy/production/systemd/gunicorn-shop.service /etc/systemd/system/
systemctl daemon-reload
sudo -u shop DJANGO_SETTINGS_MODULE=config.settings.production .venv/bin/python manage.py migrate --noinput
sudo -u shop DJANGO_SETTINGS_MODULE=config.settings.production .venv/bin/python manage.py collectstatic --noinput
systemctl restart gunicorn-shop
nginx -t && systemctl reload nginx
