// Generators of large, realistic configuration trees for the benchmark: Django
// sites as people deploy them behind Apache httpd, nginx and lighttpd, with
// comments, conditionals, regex locations, rewrites and includes. Each tree is
// one the server itself accepts (`apache2 -t`, `nginx -t`, `lighttpd -tt`) and
// is written to a directory of its own:
//
//   generateTree({ dialect, variant: "single" | "tree", bytes, dir, seed })
//
// "single" puts everything in the main file; "tree" keeps the server-wide
// settings in the main file and each site in a file of its own, included by a
// glob (plus shared snippets included from every site). Output is a function
// of (dialect, variant, bytes, seed, dir) only: the same seed writes the same
// bytes. The sites are drawn from a seeded generator, so they vary (proxy or
// WSGI or FastCGI, media or none, admin restrictions, rewrites, caching,
// some of the pitfalls the rules look for) the way a real fleet does.
import fs from "node:fs";
import path from "node:path";

/** mulberry32: a small seeded generator, enough for picking variants. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const WORDS = ["shop", "blog", "wiki", "api", "portal", "intranet", "crm", "docs", "status", "media", "forum", "news", "billing", "hr", "lab"];
const TEAMS = ["platform", "web", "payments", "data", "growth", "infra", "support"];
const STATIC_TYPES = [
  ["text/css", "css"], ["application/javascript", "js"], ["image/png", "png"], ["image/jpeg", "jpg"], ["image/gif", "gif"],
  ["image/svg+xml", "svg"], ["font/woff2", "woff2"], ["image/webp", "webp"], ["image/x-icon", "ico"],
];

function siteInfo(r, i) {
  const word = r.pick(WORDS);
  const name = `${word}${i}`;
  return {
    i,
    name,
    host: `${name}.example.com`,
    team: r.pick(TEAMS),
    project: `/srv/${name}/app`,
    venv: `/srv/${name}/venv`,
    port: 8000 + (i % 2000),
    media: r.chance(0.7),
    admin: r.chance(0.6),
    redirectHttps: r.chance(0.5),
    cache: r.chance(0.6),
    api: r.chance(0.35),
    legacy: r.chance(0.15),
    aliases: r.int(0, 3),
    prefixes: r.int(1, 4),
  };
}

function header(lines, s, comment = "#") {
  lines.push(
    `${comment} ----------------------------------------------------------------------------`,
    `${comment} ${s.host}: the ${s.name} Django project, owned by the ${s.team} team.`,
    `${comment} Deployed by the release pipeline from git@git.example.com:${s.team}/${s.name}.git;`,
    `${comment} changes made here by hand are lost at the next deploy.`,
    `${comment} ----------------------------------------------------------------------------`,
  );
}

// ---------------------------------------------------------------- Apache httpd

const APACHE_MODULES = [
  "mpm_event", "authz_core", "authz_host", "authn_core", "auth_basic", "authn_file", "authz_user", "access_compat", "alias", "dir", "mime",
  "env", "setenvif", "rewrite", "headers", "expires", "deflate", "filter", "log_config", "proxy", "proxy_http", "proxy_uwsgi",
  "remoteip", "reqtimeout", "status",
];
/** Modules compiled into Debian's httpd rather than loaded. */
const APACHE_BUILTIN = new Set(["log_config"]);

function apacheMain(root, variant) {
  const mods = APACHE_MODULES.filter((m) => !APACHE_BUILTIN.has(m)).map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`);
  return [
    "# Apache httpd configuration of the Django hosting cluster (generated for the djlint-conf benchmark).",
    "# Every site runs in its own WSGI daemon when mod_wsgi is there, behind a uWSGI or HTTP backend otherwise.",
    `ServerRoot "${root}"`,
    `DefaultRuntimeDir "${root}/run"`,
    `PidFile "${root}/run/httpd.pid"`,
    `Mutex file:${root}/run default`,
    `ErrorLog "${root}/logs/error.log"`,
    "LogLevel warn",
    "ServerName cluster.example.com",
    "Timeout 60",
    "KeepAlive On",
    "MaxKeepAliveRequests 100",
    "KeepAliveTimeout 5",
    "HostnameLookups Off",
    "",
    "# Modules",
    ...mods,
    "",
    "<IfModule mpm_event_module>",
    "    StartServers 2",
    "    MinSpareThreads 25",
    "    MaxSpareThreads 75",
    "    ThreadLimit 64",
    "    ThreadsPerChild 25",
    "    MaxRequestWorkers 150",
    "    MaxConnectionsPerChild 0",
    "</IfModule>",
    "",
    "Listen 80",
    "Listen 8443",
    "TypesConfig /etc/mime.types",
    "AddDefaultCharset UTF-8",
    "DirectoryIndex index.html",
    `LogFormat "%v:%p %h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" vhost_combined`,
    `LogFormat "%h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined`,
    "",
    "<Directory />",
    "    Options FollowSymLinks",
    "    AllowOverride None",
    "    Require all denied",
    "</Directory>",
    '<FilesMatch "^\\.ht">',
    "    Require all denied",
    "</FilesMatch>",
    "",
    "<IfModule reqtimeout_module>",
    "    RequestReadTimeout header=20-40,MinRate=500 body=20,MinRate=500",
    "</IfModule>",
    "<IfModule status_module>",
    "    <Location /server-status>",
    "        SetHandler server-status",
    "        Require local",
    "    </Location>",
    "</IfModule>",
    "ServerTokens Prod",
    "ServerSignature Off",
    "TraceEnable Off",
    "",
    ...(variant === "tree" ? ["# Per-site configuration", "IncludeOptional conf-enabled/*.conf", "IncludeOptional sites-enabled/*.conf", ""] : []),
  ];
}

function apacheSite(r, s, root, variant) {
  const L = [];
  header(L, s);
  const port = s.i % 5 === 0 ? 8443 : 80;
  L.push(`<VirtualHost *:${port}>`);
  L.push(`    ServerName ${s.host}`);
  for (let k = 0; k < s.aliases; k++) L.push(`    ServerAlias ${["www", "m", "beta"][k]}.${s.host}`);
  L.push(`    ServerAdmin ${s.team}@example.com`);
  L.push(`    ErrorLog ${root}/logs/${s.name}-error.log`, `    CustomLog ${root}/logs/${s.name}-access.log vhost_combined`, "");
  if (s.redirectHttps) {
    L.push(
      "    # Everything but the health check goes to HTTPS",
      "    RewriteEngine On",
      "    RewriteCond %{REQUEST_URI} !^/healthz$",
      "    RewriteCond %{HTTP:X-Forwarded-Proto} !https",
      `    RewriteRule ^/?(.*)$ https://${s.host}/$1 [R=301,L]`,
      "",
    );
  }
  L.push(
    "    # Django, in its own daemon processes when mod_wsgi is loaded",
    "    <IfModule wsgi_module>",
    `        WSGIDaemonProcess ${s.name} processes=${r.int(2, 6)} threads=${r.pick([1, 5, 15])} display-name=%{GROUP} python-home=${s.venv} python-path=${s.project}${r.chance(0.7) ? " maximum-requests=1000" : ""}`,
    `        WSGIProcessGroup ${s.name}`,
    "        WSGIApplicationGroup %{GLOBAL}",
    `        WSGIScriptAlias / ${s.project}/${s.name}/wsgi.py`,
    `        <Directory ${s.project}/${s.name}>`,
    "            <Files wsgi.py>",
    "                Require all granted",
    "            </Files>",
    "        </Directory>",
    "    </IfModule>",
    "    <IfModule !wsgi_module>",
    "        ProxyPreserveHost On",
    '        RequestHeader set X-Forwarded-Proto "https" env=HTTPS',
    "        ProxyPass /static/ !",
    ...(s.media ? ["        ProxyPass /media/ !"] : []),
    r.chance(0.5) ? `        ProxyPass / uwsgi://127.0.0.1:${s.port}/` : `        ProxyPass / http://127.0.0.1:${s.port}/ retry=0 timeout=30`,
    r.chance(0.5) ? `        ProxyPassReverse / http://127.0.0.1:${s.port}/` : `        # no ProxyPassReverse: the backend never redirects to itself`,
    "    </IfModule>",
    "",
    "    # Static files and uploads, served by Apache",
    `    Alias /static/ /srv/${s.name}/static/`,
    `    <Directory /srv/${s.name}/static>`,
    "        Require all granted",
    r.chance(0.85) ? "        Options -Indexes" : "        Options Indexes FollowSymLinks",
    "        AllowOverride None",
    "    </Directory>",
  );
  if (s.media) {
    L.push(
      `    Alias /media/ /srv/${s.name}/media/`,
      `    <Directory /srv/${s.name}/media>`,
      "        Require all granted",
      "        Options -Indexes",
      '        <FilesMatch "\\.(php|py|pl|cgi)$">',
      "            Require all denied",
      "        </FilesMatch>",
      "    </Directory>",
    );
  }
  L.push(`    Alias /robots.txt /srv/${s.name}/static/robots.txt`, `    Alias /favicon.ico /srv/${s.name}/static/favicon.ico`, "");
  if (s.admin) {
    L.push("    # The admin only from the office and the VPN", "    <Location /admin/>");
    for (let k = 0; k < r.int(1, 3); k++) L.push(`        Require ip 10.${s.i % 250}.${k}.0/24`);
    L.push("    </Location>");
  }
  if (s.legacy) {
    L.push("    # Legacy API, kept for the mobile app v1", '    <LocationMatch "^/api/v1/(legacy|old)/">', "        Order deny,allow", "        Deny from all", "        Allow from 192.168.0.0/16", "    </LocationMatch>");
  }
  for (let k = 0; k < s.prefixes; k++) {
    const prefix = r.pick(["reports", "exports", "downloads", "private", "uploads", "tmp"]);
    L.push(`    <Location /${prefix}${k}/>`, `        Header set Cache-Control "no-store"`, `        Header always set X-Robots-Tag "noindex"`, "    </Location>");
  }
  if (s.cache) {
    L.push("", "    # Caching", "    <IfModule expires_module>", "        ExpiresActive On");
    for (const [t] of STATIC_TYPES) L.push(`        ExpiresByType ${t} "access plus ${r.int(1, 12)} month"`);
    L.push("    </IfModule>");
  }
  L.push(
    "    <IfModule headers_module>",
    '        Header always set X-Content-Type-Options "nosniff"',
    '        Header always set Referrer-Policy "same-origin"',
    ...(r.chance(0.5) ? ['        Header always set Strict-Transport-Security "max-age=31536000; includeSubDomains"'] : []),
    "    </IfModule>",
    "    <IfModule deflate_module>",
    "        AddOutputFilterByType DEFLATE text/html text/plain text/css application/javascript application/json",
    "    </IfModule>",
  );
  if (s.api) {
    L.push(
      "    # The API answers CORS preflights itself",
      "    <IfModule rewrite_module>",
      "        RewriteEngine On",
      "        RewriteCond %{REQUEST_METHOD} OPTIONS",
      "        RewriteRule ^/api/ - [R=204,L]",
      `        RewriteRule ^/api/v${r.int(2, 4)}/(.*)$ /api/$1 [PT]`,
      "    </IfModule>",
      '    SetEnvIf Origin "^https://(.+\\.)?example\\.com$" CORS_ORIGIN=$0',
      "    Header always set Access-Control-Allow-Origin %{CORS_ORIGIN}e env=CORS_ORIGIN",
    );
  }
  L.push("</VirtualHost>", "");
  void variant;
  return L.join("\n") + "\n";
}

function apacheConfEnabled() {
  return [
    "# Security defaults shared by every site",
    "<IfModule headers_module>",
    '    Header always set X-Frame-Options "DENY"',
    "</IfModule>",
    "<DirectoryMatch \"/\\.git\">",
    "    Require all denied",
    "</DirectoryMatch>",
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------- nginx

const NGINX_TYPES = [
  ["text/html", "html htm shtml"], ["text/css", "css"], ["application/javascript", "js"], ["application/json", "json"], ["image/png", "png"],
  ["image/jpeg", "jpeg jpg"], ["image/gif", "gif"], ["image/svg+xml", "svg svgz"], ["image/webp", "webp"], ["font/woff2", "woff2"],
  ["text/plain", "txt"], ["application/pdf", "pdf"],
];
const UWSGI_PARAMS = [
  "QUERY_STRING $query_string", "REQUEST_METHOD $request_method", "CONTENT_TYPE $content_type", "CONTENT_LENGTH $content_length",
  "REQUEST_URI $request_uri", "PATH_INFO $document_uri", "DOCUMENT_ROOT $document_root", "SERVER_PROTOCOL $server_protocol",
  "REQUEST_SCHEME $scheme", "HTTPS $https if_not_empty", "REMOTE_ADDR $remote_addr", "REMOTE_PORT $remote_port",
  "SERVER_PORT $server_port", "SERVER_NAME $server_name",
];

function nginxMain(root, variant) {
  const L = [
    "# nginx in front of the Django cluster (generated for the djlint-conf benchmark).",
    "worker_processes auto;",
    `pid ${root}/run/nginx.pid;`,
    `error_log ${root}/logs/error.log warn;`,
    "",
    "events {",
    "    worker_connections 1024;",
    "    multi_accept on;",
    "}",
    "",
    "http {",
    "    sendfile on;",
    "    tcp_nopush on;",
    "    server_tokens off;",
    "    keepalive_timeout 65;",
    "    client_max_body_size 20m;",
    "    server_names_hash_bucket_size 128;",
    "    server_names_hash_max_size 65536;",
    "    map_hash_bucket_size 128;",
    "    variables_hash_max_size 4096;",
  ];
  if (variant === "tree") L.push("    include mime.types;");
  else {
    L.push("    types {");
    for (const [t, ext] of NGINX_TYPES) L.push(`        ${t} ${ext};`);
    L.push("    }");
  }
  L.push(
    "    default_type application/octet-stream;",
    "",
    `    log_format main '$remote_addr - $remote_user [$time_local] "$request" '`,
    `                    '$status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time';`,
    `    access_log ${root}/logs/access.log main;`,
    "",
    "    gzip on;",
    "    gzip_types text/plain text/css application/javascript application/json image/svg+xml;",
    "",
    "    # WebSocket upgrades for the Channels sites",
    "    map $http_upgrade $connection_upgrade {",
    "        default upgrade;",
    "        ''      close;",
    "    }",
    "",
    "    # Bots get a smaller rate",
    "    map $http_user_agent $is_bot {",
    "        default 0;",
    "        ~*(googlebot|bingbot|yandex|baiduspider) 1;",
    "        ~*crawler 1;",
    "    }",
    "    limit_req_zone $binary_remote_addr zone=login:10m rate=5r/m;",
    "",
    "    server {",
    "        listen 80 default_server;",
    "        server_name _;",
    "        return 444;",
    "    }",
    "",
  );
  if (variant === "tree") L.push("    include sites-enabled/*.conf;", "}", "");
  return L;
}

function nginxUwsgi(indent, variant) {
  if (variant === "tree") return [`${indent}include uwsgi_params;`];
  return UWSGI_PARAMS.map((p) => `${indent}uwsgi_param ${p};`);
}

function nginxSite(r, s, root, variant) {
  const L = [];
  header(L, s);
  const uwsgi = r.chance(0.5);
  const up = `${s.name}_backend`;
  L.push(`upstream ${up} {`);
  for (let k = 0; k < r.int(1, 3); k++) L.push(`    server 127.0.0.1:${s.port + k * 1000}${k ? " backup" : " max_fails=3 fail_timeout=10s"};`);
  L.push("    keepalive 8;", "}", "");
  if (s.redirectHttps) {
    L.push("server {", "    listen 80;", `    server_name ${s.host};`, "    location /healthz { return 200 'ok'; }", `    location / { return 301 https://$host$request_uri; }`, "}", "");
  }
  L.push("server {");
  L.push(s.redirectHttps ? "    listen 8443;" : "    listen 80;");
  const names = [s.host, ...["www", "m", "beta"].slice(0, s.aliases).map((a) => `${a}.${s.host}`)];
  L.push(`    server_name ${names.join(" ")};`);
  L.push(`    access_log ${root}/logs/access.log main;`, `    root /srv/${s.name}/public;`, "    charset utf-8;", "");
  L.push("    # Static files, collected by collectstatic", "    location /static/ {", `        alias /srv/${s.name}/static/;`, `        expires ${r.int(1, 30)}d;`, "        access_log off;", "    }");
  if (s.media) {
    L.push("    location /media/ {", `        alias /srv/${s.name}/media/;`, "        location ~* \\.(php|py|pl|cgi)$ { return 403; }", "    }");
  }
  if (s.cache) {
    L.push('    location ~* \\.(css|js|png|jpe?g|gif|svg|webp|woff2|ico)$ {', `        expires ${r.int(7, 365)}d;`, '        add_header Cache-Control "public";', "        try_files $uri @django;", "    }");
  }
  L.push("    location = /robots.txt {", `        alias /srv/${s.name}/static/robots.txt;`, "    }");
  if (s.admin) {
    L.push("    location /admin/ {");
    for (let k = 0; k < r.int(1, 3); k++) L.push(`        allow 10.${s.i % 250}.${k}.0/24;`);
    L.push("        deny all;", "        limit_req zone=login burst=5;", ...djangoPass(r, s, up, uwsgi, "        ", variant), "    }");
  }
  if (s.legacy) {
    L.push("    # Old mobile clients", "    location ~ ^/api/v1/(legacy|old)/ {", "        if ($is_bot) { return 403; }", "        rewrite ^/api/v1/(legacy|old)/(.*)$ /api/v2/$2 last;", "    }");
  }
  if (s.api) {
    L.push("    location /api/ {", "        if ($request_method = OPTIONS) {", "            add_header Access-Control-Allow-Origin $http_origin;", "            return 204;", "        }", ...djangoPass(r, s, up, uwsgi, "        ", variant), "    }");
    L.push("    location /ws/ {", `        proxy_pass http://${up};`, "        proxy_http_version 1.1;", "        proxy_set_header Upgrade $http_upgrade;", "        proxy_set_header Connection $connection_upgrade;", "        proxy_set_header Host $host;", "    }");
  }
  for (let k = 0; k < s.prefixes; k++) {
    const prefix = r.pick(["reports", "exports", "downloads", "private", "uploads", "tmp"]);
    L.push(`    location ^~ /${prefix}${k}/ {`, "        internal;", `        alias /srv/${s.name}/protected/${prefix}/;`, "    }");
  }
  L.push("    location / {", "        try_files $uri @django;", "    }", "    location @django {", ...djangoPass(r, s, up, uwsgi, "        ", variant), "    }");
  L.push('    add_header X-Content-Type-Options "nosniff" always;', '    add_header Referrer-Policy "same-origin" always;', "}", "");
  return L.join("\n") + "\n";
}

function djangoPass(r, s, up, uwsgi, indent, variant) {
  if (uwsgi) return [...nginxUwsgi(indent, variant), `${indent}uwsgi_pass ${up};`, `${indent}uwsgi_read_timeout ${r.int(30, 120)}s;`];
  return [
    `${indent}proxy_pass http://${up};`,
    `${indent}proxy_set_header Host $host;`,
    `${indent}proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`,
    ...(r.chance(0.8) ? [`${indent}proxy_set_header X-Forwarded-Proto $scheme;`] : []),
    `${indent}proxy_redirect off;`,
    `${indent}proxy_read_timeout ${r.int(30, 120)}s;`,
  ];
}

// ------------------------------------------------------------------- lighttpd

const LIGHTTPD_MODULES = ["mod_access", "mod_alias", "mod_redirect", "mod_rewrite", "mod_setenv", "mod_expire", "mod_fastcgi", "mod_proxy", "mod_accesslog"];

function lighttpdMain(root, variant) {
  const L = [
    "# lighttpd for the small Django sites (generated for the djlint-conf benchmark).",
    `var.basedir = "${root}"`,
    "server.modules = (",
    ...LIGHTTPD_MODULES.map((m) => `    "${m}",`),
    ")",
    'server.document-root = var.basedir + "/htdocs"',
    'server.errorlog = var.basedir + "/logs/error.log"',
    'server.pid-file = var.basedir + "/run/lighttpd.pid"',
    "server.port = 8080",
    'server.tag = ""',
    'index-file.names = ( "index.html" )',
    'accesslog.filename = var.basedir + "/logs/access.log"',
    'url.access-deny = ( "~", ".inc", ".py", ".pyc" )',
    'static-file.exclude-extensions = ( ".py", ".pyc", ".fcgi" )',
    "mimetype.assign = (",
    ...NGINX_TYPES.flatMap(([t, exts]) => exts.split(" ").map((e) => `    ".${e}" => "${t}",`)),
    ")",
    "",
    '$HTTP["url"] =~ "^/server-status" {',
    '    $HTTP["remoteip"] != "127.0.0.1" {',
    '        url.access-deny = ( "" )',
    "    }",
    "}",
    "",
  ];
  if (variant === "tree") L.push('include "conf.d/*.conf"', "");
  return L;
}

/**
 * A lighttpd site. lighttpd keeps at most 4096 conditional blocks per server
 * (configfile-glue.c: "4k is way too many!"), so a site here has its host
 * block and at most three conditionals inside it, and most of its bytes are in
 * what sites accumulate without conditionals: the redirect map of the URLs of
 * the CMS the site replaced, commented by batch. That keeps a 10 MB server
 * under the limit (about 950 sites) with the same shape of site as at 1 MB.
 */
function lighttpdSite(r, s, root, variant) {
  const L = [];
  header(L, s);
  const fcgi = r.chance(0.6);
  L.push(`$HTTP["host"] =~ "^(www\\.)?${s.name}\\.example\\.com$" {`);
  L.push(`    var.site = "${s.name}"`);
  L.push('    server.document-root = var.basedir + "/htdocs"');
  L.push(`    accesslog.filename = var.basedir + "/logs/" + var.site + "-access.log"`);
  L.push("    alias.url += (", `        "/static/" => "/srv/${s.name}/static/",`, ...(s.media ? [`        "/media/" => "/srv/${s.name}/media/",`] : []), "    )");
  L.push("    setenv.add-response-header += (", '        "X-Content-Type-Options" => "nosniff",', '        "Referrer-Policy" => "same-origin",', "    )");
  // The pages of the old site, moved permanently.
  const batches = r.int(3, 8);
  let id = r.int(1, 500);
  L.push("    # Redirects from the pages of the site this project replaced", "    url.redirect = (");
  for (let b = 0; b < batches; b++) {
    const section = r.pick(["news", "products", "about", "blog", "events", "press", "careers", "support"]);
    L.push(`        # ${section}: moved in release ${r.int(1, 9)}.${r.int(0, 30)} (ticket ${s.team.toUpperCase()}-${r.int(100, 9999)})`);
    for (let k = r.int(10, 40); k > 0; k--) {
      id += r.int(1, 40);
      L.push(`        "^/${section}/${id}(\\.html?)?$" => "https://${s.host}/${section}/${r.pick(["item", "page", "story"])}-${id}/",`);
    }
  }
  L.push("    )");
  let conditions = 0;
  const conditional = () => conditions < 3 && r.chance(0.8) && ++conditions > 0;
  if (fcgi) {
    L.push(
      "    fastcgi.server = (",
      `        "/${s.name}.fcgi" => (`,
      '            "main" => (',
      '                "host" => "127.0.0.1",',
      `                "port" => ${s.port},`,
      `                "check-local" => "${r.chance(0.9) ? "disable" : "enable"}",`,
      "            )",
      "        ),",
      "    )",
      "    url.rewrite-once = (",
      '        "^(/static.*)$" => "$1",',
      ...(s.media ? ['        "^(/media.*)$" => "$1",'] : []),
      '        "^/favicon\\.ico$" => "/static/favicon.ico",',
      `        "^(/.*)$" => "/${s.name}.fcgi$1",`,
      "    )",
    );
  } else if (conditional()) {
    L.push('    $HTTP["url"] !~ "^/(static|media)/" {', "        proxy.server = (", '            "" => (', `                ( "host" => "127.0.0.1", "port" => ${s.port} ),`, "            )", "        )", '        proxy.header = ( "upgrade" => "enable" )', "    }");
  } else {
    L.push("    proxy.server = (", `        "/app/" => ( ( "host" => "127.0.0.1", "port" => ${s.port} ) ),`, "    )");
  }
  if (s.admin && conditional()) {
    L.push('    $HTTP["url"] =~ "^/admin/" {', `        url.access-deny = ( "" )`, `        # 10.${s.i % 250}.0.0/16 is let in by the VPN gateway in front`, "    }");
  }
  if (s.cache && conditional()) {
    L.push('    $HTTP["url"] =~ "^/static/" {', `        expire.url = ( "" => "access plus ${r.int(1, 12)} months" )`, "    }");
  }
  if (s.api && conditional()) {
    L.push('    $HTTP["url"] =~ "^/api/" {', "        setenv.add-response-header += (", '            "Access-Control-Allow-Origin" => "*",', '            "Cache-Control" => "no-store",', "        )", "    }");
  }
  if (conditional()) {
    const prefixes = Array.from({ length: s.prefixes }, (_, k) => `${r.pick(["reports", "exports", "downloads", "private", "uploads", "tmp"])}${k}`);
    L.push(`    $HTTP["url"] =~ "^/(${prefixes.join("|")})/" {`, '        url.access-deny = ( "" )', "    }");
  }
  L.push("}", "");
  void root;
  void variant;
  return L.join("\n") + "\n";
}

// ---------------------------------------------------------------------- trees

const ROOT_MARK = "\u0000root\u0000";

const DIALECTS = {
  apache: { main: "apache2.conf", mainLines: apacheMain, site: apacheSite, siteDir: "sites-enabled" },
  nginx: { main: "nginx.conf", mainLines: nginxMain, site: nginxSite, siteDir: "sites-enabled" },
  lighttpd: { main: "lighttpd.conf", mainLines: lighttpdMain, site: lighttpdSite, siteDir: "conf.d" },
};

/**
 * Writes a tree of about `bytes` bytes (sites are added until the size is
 * reached) to `dir`, emptied first; returns { entry, dir, files, bytes, sites }.
 */
export function generateTree({ dialect, variant, bytes, dir, seed = 1 }) {
  const d = DIALECTS[dialect];
  if (!d) throw new Error(`unknown dialect ${dialect}`);
  const root = path.resolve(dir);
  fs.rmSync(root, { recursive: true, force: true });
  for (const sub of ["run", "logs", "htdocs", d.siteDir]) fs.mkdirSync(path.join(root, sub), { recursive: true });
  if (dialect === "apache" && variant === "tree") fs.mkdirSync(path.join(root, "conf-enabled"));
  const r = rng(seed * 7919 + { apache: 1, nginx: 2, lighttpd: 3 }[dialect] * 104729 + (variant === "tree" ? 13 : 0));
  // The texts name the tree's directory (logs, pid file, ServerRoot) by a mark
  // replaced on writing: the size, and so the number of sites, does not depend
  // on where the tree is written.
  const written = [];
  const write = (rel, text) => {
    const p = path.join(root, rel);
    const body = text.split(ROOT_MARK).join(root);
    fs.writeFileSync(p, body);
    written.push({ path: p, bytes: Buffer.byteLength(body) });
  };

  // Shared files of the tree variant.
  const shared = [];
  if (variant === "tree" && dialect === "apache") shared.push(["conf-enabled/security.conf", apacheConfEnabled()]);
  if (variant === "tree" && dialect === "nginx") {
    shared.push(["mime.types", "types {\n" + NGINX_TYPES.map(([t, e]) => `    ${t} ${e};`).join("\n") + "\n}\n"]);
    shared.push(["uwsgi_params", UWSGI_PARAMS.map((p) => `uwsgi_param ${p};`).join("\n") + "\n"]);
  }
  for (const [rel, text] of shared) write(rel, text);

  const mainHead = d.mainLines(ROOT_MARK, variant).join("\n") + "\n";
  let total = Buffer.byteLength(mainHead) + shared.reduce((a, [, t]) => a + Buffer.byteLength(t), 0);
  const chunks = [];
  let sites = 0;
  // Sites until the tree reaches the size asked for.
  while (total < bytes) {
    const s = siteInfo(r, sites);
    const text = d.site(r, s, ROOT_MARK, variant);
    total += Buffer.byteLength(text);
    if (variant === "tree") write(`${d.siteDir}/${String(sites).padStart(5, "0")}-${s.name}.conf`, text);
    else chunks.push(text);
    sites++;
  }
  // nginx's http block closes after the sites in the single file.
  const tail = dialect === "nginx" && variant === "single" ? "}\n" : "";
  write(d.main, mainHead + chunks.join("") + tail);
  const entry = path.join(root, d.main);
  return { entry, dir: root, files: written.length, bytes: written.reduce((a, w) => a + w.bytes, 0), sites };
}

// `node bench/generate.mjs <dialect> <single|tree> <bytes> <dir> [seed]` writes one tree.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const [dialect, variant, bytes, dir, seed] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: node bench/generate.mjs apache|nginx|lighttpd single|tree BYTES DIR [SEED]");
    process.exit(2);
  }
  console.log(JSON.stringify(generateTree({ dialect, variant, bytes: Number(bytes), dir, seed: seed ? Number(seed) : 1 })));
}
