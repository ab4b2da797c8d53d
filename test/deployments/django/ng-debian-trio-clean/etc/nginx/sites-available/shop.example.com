# shop.example.com -- Django (gunicorn, socket-activated by systemd)
# Follows https://www.digitalocean.com/community/tutorials/how-to-set-up-django-with-postgres-nginx-and-gunicorn-on-ubuntu
upstream shop_app {
    # fail_timeout=0 means we always retry an upstream even if it failed
    # to return a good HTTP response (gunicorn docs, "Deploying Gunicorn")
    server unix:/run/gunicorn-shop.sock fail_timeout=0;
}

server {
    listen 80;
    listen [::]:80;
    server_name shop.example.com www.shop.example.com;

    include snippets/letsencrypt-acme.conf;

    location / {
        return 301 https://shop.example.com$request_uri;
    }
}

server {
    listen 443 ssl http2;
    listen [::]:443 ssl http2;
    server_name shop.example.com www.shop.example.com;

    include snippets/ssl-shop.example.com.conf;
    include snippets/security-headers.conf;

    access_log /var/log/nginx/shop.access.log;
    error_log /var/log/nginx/shop.error.log;

    client_max_body_size 20m;
    keepalive_timeout 5;

    location = /favicon.ico {
        access_log off;
        log_not_found off;
        alias /srv/shop/static/img/favicon.ico;
    }

    location /static/ {
        alias /srv/shop/static/;
        expires 30d;
        access_log off;
    }

    location /media/ {
        alias /srv/shop/media/;
        expires 7d;
    }

    location / {
        include proxy_params;
        proxy_redirect off;
        proxy_pass http://shop_app;
    }
}
