# DokuWiki on PHP-FPM (Debian php8.2-fpm pool "www")
# https://www.dokuwiki.org/install:nginx
server {
    listen 80;
    listen [::]:80;
    server_name wiki.example.com;
    return 301 https://$host$request_uri;
}

server {
    listen 443 ssl http2;
    listen [::]:443 ssl http2;
    server_name wiki.example.com;

    include snippets/ssl-wiki.example.com.conf;
    include snippets/security-headers.conf;

    root /var/www/dokuwiki;
    index doku.php;

    client_max_body_size 15M;
    client_body_buffer_size 128k;

    location ~ /(conf/|bin/|inc/|vendor/|install.php) { deny all; }
    location ~ /data/ { internal; }

    location ~ ^/lib.*\.(js|css|gif|png|ico|jpg|jpeg)$ {
        expires 365d;
    }

    location / { try_files $uri $uri/ @dokuwiki; }

    location @dokuwiki {
        rewrite ^/_media/(.*) /lib/exe/fetch.php?media=$1 last;
        rewrite ^/_detail/(.*) /lib/exe/detail.php?media=$1 last;
        rewrite ^/_export/([^/]+)/(.*) /doku.php?do=export_$1&id=$2 last;
        rewrite ^/(.*) /doku.php?id=$1&$args last;
    }

    location ~ \.php$ {
        include snippets/fastcgi-php.conf;
        fastcgi_pass unix:/run/php/php8.2-fpm.sock;
    }
}
