# Static company homepage (built by Hugo, rsynced to /var/www/example.com/html)
server {
    listen 80;
    listen [::]:80;
    server_name example.com www.example.com;
    include snippets/letsencrypt-acme.conf;
    location / {
        return 301 https://www.example.com$request_uri;
    }
}

server {
    listen 443 ssl http2;
    listen [::]:443 ssl http2;
    server_name example.com www.example.com;

    include snippets/ssl-www.example.com.conf;
    include snippets/security-headers.conf;

    root /var/www/example.com/html;
    index index.html;

    location / {
        try_files $uri $uri/ =404;
    }
}
