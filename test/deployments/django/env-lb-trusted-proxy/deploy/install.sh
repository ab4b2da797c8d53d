#!/bin/sh
set -eu
env="$1"
cd /srv/shop
install -m 644 "deploy/$env/nginx-shop.conf" "/etc/nginx/sites-available/shop-$env"
ln -sf "/etc/nginx/sites-available/shop-$env" "/etc/nginx/sites-enabled/shop-$env"
rm -f /etc/nginx/sites-enabled/default
install -m 644 "deploy/$env/gunicorn-shop.service" /etc/systemd/system/gunicorn-shop.service
systemctl daemon-reload
sudo -u shop DJANGO_SETTINGS_MODULE="config.settings.$env" .venv/bin/python manage.py migrate --noinput
sudo -u shop DJANGO_SETTINGS_MODULE="config.settings.$env" .venv/bin/python manage.py collectstatic --noinput
systemctl restart gunicorn-shop
nginx -t && systemctl reload nginx
