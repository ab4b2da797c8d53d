// Generators of large, realistic configuration trees for the benchmark: Django
// sites as people deploy them behind Apache httpd, nginx and lighttpd, with
// comments, conditionals, regex locations, rewrites and includes. Each tree is
// one the server itself accepts (`apache2 -t`, `nginx -t`, `lighttpd -tt`) and
// is written to a directory of its own:
//
//   generateTree({ dialect, variant: "single" | "tree" | "fat", bytes | sites, dir, seed })
//
// "single" puts everything in the main file; "tree" keeps the server-wide
// settings in the main file and each site in a file of its own, included by a
// glob (plus shared snippets included from every site); "fat" puts every site
// in the main file as an application under its own URL prefix of one of a few
// large virtual hosts (servers), the shape where a rule that compares each
// application with every other one of its host shows. `bytes` adds sites until
// the size is reached; `sites` asks for that many (the per-rule benchmark
// compares N and 10N sites). Output is a function of (dialect, variant,
// bytes or sites, seed, dir) only: the same seed writes the same bytes. The sites are drawn from a seeded generator, so they vary (proxy or
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
  ["text/css", "css"],
  ["application/javascript", "js"],
  ["image/png", "png"],
  ["image/jpeg", "jpg"],
  ["image/gif", "gif"],
  ["image/svg+xml", "svg"],
  ["font/woff2", "woff2"],
  ["image/webp", "webp"],
  ["image/x-icon", "ico"],
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
    proxy: r.chance(0.3),
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
  "mpm_event",
  "authz_core",
  "authz_host",
  "authn_core",
  "auth_basic",
  "authn_file",
  "authz_user",
  "access_compat",
  "alias",
  "dir",
  "mime",
  "env",
  "setenvif",
  "rewrite",
  "headers",
  "expires",
  "deflate",
  "filter",
  "log_config",
  "proxy",
  "proxy_http",
  "proxy_uwsgi",
  "remoteip",
  "reqtimeout",
  "status",
  "proxy_wstunnel",
  "wsgi",
  // Loaded for the rules about them: directory listings on uploads, a legacy mod_python section now and then.
  "autoindex",
  "python",
];
/** Modules compiled into Debian's httpd rather than loaded. */
const APACHE_BUILTIN = new Set(["log_config"]);

function apacheMain(root, variant, fastcgi) {
  const mods = [...APACHE_MODULES, ...(fastcgi ? ["fastcgi"] : [])]
    .filter((m) => !APACHE_BUILTIN.has(m))
    .map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`);
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

/**
 * One Django application of a virtual host, mounted at `p` ("" for the whole
 * host): a mod_wsgi daemon group or a proxied backend, its static and media
 * aliases with their <Directory> grants, the admin's <Location>, rewrites and
 * headers; now and then one of the pitfalls the rules look for.
 */
function apacheApp(r, s, p, I, fat) {
  const L = [];
  const mount = p || "/";
  if (s.proxy) {
    L.push(
      `${I}# Served by a uWSGI or HTTP backend`,
      `${I}ProxyPreserveHost ${r.chance(0.9) ? "On" : "Off"}`,
      `${I}ProxyPass ${p}/static/ !`,
      ...(s.media ? [`${I}ProxyPass ${p}/media/ !`] : []),
      ...(s.api ? [`${I}ProxyPass ${p}/ws/ ws://127.0.0.1:${s.port}/ws/`] : []),
      r.chance(0.5) ? `${I}ProxyPass ${mount} uwsgi://127.0.0.1:${s.port}/` : `${I}ProxyPass ${mount} http://127.0.0.1:${s.port}/ retry=0 timeout=30`,
      `${I}ProxyPassReverse ${mount} http://127.0.0.1:${s.port}/`,
      // A mount listed after the catch-all never applies (apache/proxypass-order).
      ...(r.chance(0.1) ? [`${I}ProxyPass ${p}/late/ http://127.0.0.1:${s.port + 1}/`] : []),
    );
  } else {
    const processes = r.pick([1, 2, 4, 6]);
    const wsgi = [
      `${I}WSGIDaemonProcess ${s.name} processes=${processes} threads=${r.pick([1, 5, 15])} display-name=%{GROUP} python-home=${s.venv} python-path=${s.project}${r.chance(0.7) ? " maximum-requests=1000" : ""}`,
    ];
    const script = `${s.project}/${s.name}/${r.chance(0.05) ? "django.py" : "wsgi.py"}`;
    if (fat) wsgi.push(`${I}WSGIScriptAlias ${mount} ${script} process-group=${s.name}${r.chance(0.9) ? " application-group=%{GLOBAL}" : ""}`);
    else
      wsgi.push(`${I}WSGIProcessGroup ${s.name}`, ...(r.chance(0.9) ? [`${I}WSGIApplicationGroup %{GLOBAL}`] : []), `${I}WSGIScriptAlias ${mount} ${script}`);
    if (s.api) wsgi.push(`${I}WSGIPassAuthorization ${r.chance(0.8) ? "On" : "Off"}`);
    // Now and then no grant for the script's directory: <Directory /> denies it (apache/wsgi-dir-not-granted).
    if (!r.chance(0.05))
      wsgi.push(
        `${I}<Directory ${s.project}/${s.name}>`,
        `${I}    <Files ${script.split("/").pop()}>`,
        `${I}        Require all granted`,
        `${I}    </Files>`,
        `${I}</Directory>`,
      );
    L.push(`${I}# Django, in its own daemon processes`, ...wsgi);
  }
  L.push(
    "",
    `${I}# Static files and uploads, served by Apache`,
    `${I}Alias ${p}/static/ /srv/${s.name}/static/`,
    `${I}<Directory /srv/${s.name}/static>`,
    `${I}    Require all granted`,
    r.chance(0.85) ? `${I}    Options -Indexes` : `${I}    Options Indexes FollowSymLinks`,
    `${I}    AllowOverride None`,
    `${I}</Directory>`,
  );
  if (s.media) {
    L.push(
      `${I}Alias ${p}/media/ /srv/${s.name}/media${r.chance(0.05) ? "" : "/"}`,
      `${I}<Directory /srv/${s.name}/media>`,
      `${I}    Require all granted`,
      `${I}    Options -Indexes`,
      `${I}    <FilesMatch "\\.(php|py|pl|cgi)$">`,
      `${I}        Require all denied`,
      `${I}    </FilesMatch>`,
      `${I}</Directory>`,
    );
  }
  L.push(`${I}Alias ${p}/robots.txt /srv/${s.name}/static/robots.txt`, `${I}<Files "${s.name}.ini">`, `${I}    Require all denied`, `${I}</Files>`, "");
  if (s.admin) {
    L.push(`${I}# The admin only from the office and the VPN`, `${I}<Location ${p}/admin/>`);
    for (let k = 0; k < r.int(1, 3); k++) L.push(`${I}    Require ip 10.${s.i % 250}.${k}.0/24`);
    L.push(`${I}</Location>`);
  }
  // One site in twenty keeps a section under mod_python (from the site's number, not the random stream: the other sites stay as they were).
  if (s.i % 20 === 3) {
    L.push(
      `${I}# The old reports, still under mod_python`,
      `${I}<Location ${p}/legacy/>`,
      `${I}    SetHandler python-program`,
      `${I}    PythonHandler django.core.handlers.modpython`,
      `${I}    SetEnv DJANGO_SETTINGS_MODULE ${s.name}.legacy_settings`,
      `${I}    PythonOption django.root ${p}/legacy`,
      `${I}    PythonDebug ${s.i % 40 === 3 ? "On" : "Off"}`,
      `${I}    PythonAutoReload Off`,
      `${I}    PythonInterpreter ${s.name}_legacy`,
      `${I}    PythonPath "['${s.project}'] + sys.path"`,
      `${I}</Location>`,
    );
  }
  if (s.legacy) {
    L.push(
      `${I}# Legacy API, kept for the mobile app v1`,
      `${I}<LocationMatch "^${p}/api/v1/(legacy|old)/">`,
      `${I}    Order deny,allow`,
      `${I}    Deny from all`,
      `${I}    Allow from 192.168.0.0/16`,
      `${I}</LocationMatch>`,
    );
  }
  for (let k = 0; k < s.prefixes; k++) {
    const prefix = r.pick(["reports", "exports", "downloads", "private", "uploads", "tmp"]);
    L.push(
      `${I}<Location ${p}/${prefix}${k}/>`,
      `${I}    Header set Cache-Control "no-store"`,
      `${I}    Header always set X-Robots-Tag "noindex"`,
      `${I}</Location>`,
    );
  }
  if (s.api) {
    L.push(
      `${I}# The API answers CORS preflights itself`,
      `${I}RewriteEngine On`,
      `${I}RewriteCond %{REQUEST_METHOD} OPTIONS`,
      `${I}RewriteRule ^${p}/api/ - [R=204,L]`,
      `${I}RewriteRule ^${p}/api/v${r.int(2, 4)}/(.*)$ ${p}/api/$1 [PT]`,
      `${I}RewriteRule ^${p}/old-static/(.*)$ ${p}/static/$1${r.chance(0.8) ? " [PT]" : ""}`,
    );
  }
  return L;
}

/**
 * One site in ten keeps its reports on an external FastCGI server
 * (mod_fastcgi): the server-level FastCGIExternalServer line goes outside the
 * virtual host, the RewriteRule that routes to it inside; one in forty lacks
 * the rule (apache/fastcgi-no-rewrite). Chosen from the site's number, not the
 * random stream, so the other sites stay as they were. Only in trees asked for
 * by their number of sites (the per-rule benchmark, which times the rules and
 * never runs apache2 -t): mod_fastcgi left Debian with buster, and
 * `apache2 -t` refuses a LoadModule of it.
 */
function apacheFastCgi(s, p) {
  if (!s.fastcgi || s.i % 10 !== 7) return { outside: [], inside: [] };
  const file = `/srv/${s.name}/htdocs/${s.name}-reports.fcgi`;
  return {
    outside: [`# The reports of ${s.name} still run on the old FastCGI server`, `FastCGIExternalServer ${file} -host 127.0.0.1:${s.port + 2}`, ""],
    inside:
      s.i % 40 === 7
        ? []
        : [
            "    # The reports, on the old FastCGI server",
            "    RewriteEngine On",
            `    RewriteRule ^${p}/reports/(.*)$ /${s.name}-reports.fcgi/$1 [QSA,L]`,
            "",
          ],
  };
}

function apacheSite(r, s, root) {
  const L = [];
  header(L, s);
  const fcgi = apacheFastCgi(s, "");
  L.push(...fcgi.outside);
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
  L.push(...apacheApp(r, s, "", "    ", false));
  L.push(...fcgi.inside);
  L.push(...apacheHostTail(r, s));
  L.push("</VirtualHost>", "");
  return L.join("\n") + "\n";
}

function apacheHostTail(r, s) {
  const L = [];
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
  return L;
}

/** A large virtual host of the "fat" shape: its applications, each under its own prefix. */
function apacheFatHost(r, h, apps, root) {
  const L = [
    `# Host ${h}: ${apps.length} Django applications, one per URL prefix`,
    `<VirtualHost *:80>`,
    `    ServerName apps${h}.example.com`,
    `    ErrorLog ${root}/logs/apps${h}-error.log`,
    "",
  ];
  L.push(apps.join("\n"));
  L.push(...apacheHostTail(r, { cache: true }), "</VirtualHost>", "");
  return L.join("\n") + "\n";
}

function apacheConfEnabled() {
  return [
    "# Security defaults shared by every site",
    "<IfModule headers_module>",
    '    Header always set X-Frame-Options "DENY"',
    "</IfModule>",
    '<DirectoryMatch "/\\.git">',
    "    Require all denied",
    "</DirectoryMatch>",
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------- nginx

const NGINX_TYPES = [
  ["text/html", "html htm shtml"],
  ["text/css", "css"],
  ["application/javascript", "js"],
  ["application/json", "json"],
  ["image/png", "png"],
  ["image/jpeg", "jpeg jpg"],
  ["image/gif", "gif"],
  ["image/svg+xml", "svg svgz"],
  ["image/webp", "webp"],
  ["font/woff2", "woff2"],
  ["text/plain", "txt"],
  ["application/pdf", "pdf"],
];
const UWSGI_PARAMS = [
  "QUERY_STRING $query_string",
  "REQUEST_METHOD $request_method",
  "CONTENT_TYPE $content_type",
  "CONTENT_LENGTH $content_length",
  "REQUEST_URI $request_uri",
  "PATH_INFO $document_uri",
  "DOCUMENT_ROOT $document_root",
  "SERVER_PROTOCOL $server_protocol",
  "REQUEST_SCHEME $scheme",
  "HTTPS $https if_not_empty",
  "REMOTE_ADDR $remote_addr",
  "REMOTE_PORT $remote_port",
  "SERVER_PORT $server_port",
  "SERVER_NAME $server_name",
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

/**
 * One site in three maps its tenant from a header through a named capture (http level), which its proxied
 * locations pass on: every `map` a server holds is a place the variable model looks through (a lookup that walked
 * every map per variable made 8,000 such sites take 13 s).
 */
const hasTenantMap = (s) => s.i % 3 === 0;
function tenantMap(s) {
  if (!hasTenantMap(s)) return [];
  return [
    `map $http_x_forwarded_host $${s.name}_tenant {`,
    '    default "";',
    `    "~^(?<${s.name}_sub>[a-z0-9-]+)\\.${s.name}\\.example\\.com$" $${s.name}_sub;`,
    "}",
  ];
}

function nginxSite(r, s, root, variant) {
  const L = [];
  header(L, s);
  const uwsgi = r.chance(0.5);
  const up = `${s.name}_backend`;
  L.push(`upstream ${up} {`);
  for (let k = 0; k < r.int(1, 3); k++) L.push(`    server 127.0.0.1:${s.port + k * 1000}${k ? " backup" : " max_fails=3 fail_timeout=10s"};`);
  L.push("    keepalive 8;", "}", "", ...tenantMap(s));
  if (s.redirectHttps) {
    L.push(
      "server {",
      "    listen 80;",
      `    server_name ${s.host};`,
      "    location /healthz { return 200 'ok'; }",
      `    location / { return 301 https://$host$request_uri; }`,
      "}",
      "",
    );
  }
  L.push("server {");
  L.push(s.redirectHttps ? "    listen 8443;" : "    listen 80;");
  const names = [s.host, ...["www", "m", "beta"].slice(0, s.aliases).map((a) => `${a}.${s.host}`)];
  L.push(`    server_name ${names.join(" ")};`);
  L.push(`    access_log ${root}/logs/access.log main;`, `    root /srv/${s.name}/public;`, "    charset utf-8;", "");
  L.push(
    "    # Static files, collected by collectstatic",
    "    location /static/ {",
    `        alias /srv/${s.name}/static/;`,
    `        expires ${r.int(1, 30)}d;`,
    "        access_log off;",
    "    }",
  );
  if (s.media) {
    L.push("    location /media/ {", `        alias /srv/${s.name}/media/;`, "        location ~* \\.(php|py|pl|cgi)$ { return 403; }", "    }");
  }
  if (s.cache) {
    L.push(
      "    location ~* \\.(css|js|png|jpe?g|gif|svg|webp|woff2|ico)$ {",
      `        expires ${r.int(7, 365)}d;`,
      '        add_header Cache-Control "public";',
      "        try_files $uri @django;",
      "    }",
    );
  }
  L.push("    location = /robots.txt {", `        alias /srv/${s.name}/static/robots.txt;`, "    }");
  if (s.admin) {
    L.push("    location /admin/ {");
    for (let k = 0; k < r.int(1, 3); k++) L.push(`        allow 10.${s.i % 250}.${k}.0/24;`);
    L.push("        deny all;", "        limit_req zone=login burst=5;", ...djangoPass(r, s, up, uwsgi, "        ", variant), "    }");
  }
  if (s.legacy) {
    L.push(
      "    # Old mobile clients",
      "    location ~ ^/api/v1/(legacy|old)/ {",
      "        if ($is_bot) { return 403; }",
      "        rewrite ^/api/v1/(legacy|old)/(.*)$ /api/v2/$2 last;",
      "    }",
    );
  }
  if (s.api) {
    L.push(
      "    location /api/ {",
      "        if ($request_method = OPTIONS) {",
      "            add_header Access-Control-Allow-Origin $http_origin;",
      "            return 204;",
      "        }",
      ...djangoPass(r, s, up, uwsgi, "        ", variant),
      "    }",
    );
    L.push(
      "    location /ws/ {",
      `        proxy_pass http://${up};`,
      "        proxy_http_version 1.1;",
      "        proxy_set_header Upgrade $http_upgrade;",
      "        proxy_set_header Connection $connection_upgrade;",
      "        proxy_set_header Host $host;",
      "    }",
    );
  }
  for (let k = 0; k < s.prefixes; k++) {
    const prefix = r.pick(["reports", "exports", "downloads", "private", "uploads", "tmp"]);
    L.push(`    location ^~ /${prefix}${k}/ {`, "        internal;", `        alias /srv/${s.name}/protected/${prefix}/;`, "    }");
  }
  L.push(
    "    location / {",
    "        try_files $uri @django;",
    "    }",
    "    location @django {",
    ...djangoPass(r, s, up, uwsgi, "        ", variant),
    "    }",
  );
  L.push('    add_header X-Content-Type-Options "nosniff" always;', '    add_header Referrer-Policy "same-origin" always;', "}", "");
  return L.join("\n") + "\n";
}

/** One application of a "fat" nginx server, under its prefix: its upstream (http level) and its locations. */
function nginxFatApp(r, s, variant) {
  const p = `/${s.name}`;
  const up = `${s.name}_backend`;
  const uwsgi = r.chance(0.5);
  const outside = [`upstream ${up} {`, `    server 127.0.0.1:${s.port} max_fails=3 fail_timeout=10s;`, "    keepalive 8;", "}", ...tenantMap(s)];
  const I = "        ";
  const L = [`    # ${s.name}, owned by the ${s.team} team`];
  L.push(`    location ${p}/static/ {`, `        alias /srv/${s.name}/static/;`, `        expires ${r.int(1, 30)}d;`, "    }");
  if (s.media) L.push(`    location ${p}/media/ {`, `        alias /srv/${s.name}/media/;`, "        location ~* \\.(php|py|pl|cgi)$ { return 403; }", "    }");
  if (s.admin) {
    L.push(`    location ${p}/admin/ {`);
    for (let k = 0; k < r.int(1, 3); k++) L.push(`        allow 10.${s.i % 250}.${k}.0/24;`);
    L.push(...(r.chance(0.9) ? ["        deny all;"] : []), ...djangoPass(r, s, up, uwsgi, I, variant), "    }");
  }
  if (s.api) {
    L.push(
      `    location ${p}/api/ {`,
      "        if ($request_method = OPTIONS) {",
      "            add_header Access-Control-Allow-Origin $http_origin;",
      "            return 204;",
      "        }",
      ...djangoPass(r, s, up, false, I, variant),
      "    }",
    );
    L.push(
      `    location ${p}/ws/ {`,
      `        proxy_pass http://${up};`,
      ...(r.chance(0.9) ? ["        proxy_http_version 1.1;"] : []),
      "        proxy_set_header Upgrade $http_upgrade;",
      "        proxy_set_header Connection $connection_upgrade;",
      "        proxy_set_header Host $host;",
      "    }",
    );
  }
  L.push(`    location ${p}/ {`, ...(r.chance(0.3) ? [`        add_header X-App "${s.name}";`] : []), ...djangoPass(r, s, up, uwsgi, I, variant), "    }");
  return { outside, inside: L };
}

function nginxFatHost(r, h, apps) {
  return (
    [
      `server {`,
      "    listen 80;",
      `    server_name apps${h}.example.com;`,
      `    root /srv/apps${h}/public;`,
      '    add_header X-Content-Type-Options "nosniff" always;',
      ...apps,
      "}",
      "",
    ].join("\n") + "\n"
  );
}

function djangoPass(r, s, up, uwsgi, indent, variant) {
  if (uwsgi) return [...nginxUwsgi(indent, variant), `${indent}uwsgi_pass ${up};`, `${indent}uwsgi_read_timeout ${r.int(30, 120)}s;`];
  return [
    `${indent}proxy_pass http://${up};`,
    `${indent}proxy_set_header Host $host;`,
    `${indent}proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`,
    ...(r.chance(0.8) ? [`${indent}proxy_set_header X-Forwarded-Proto $scheme;`] : []),
    ...(hasTenantMap(s) ? [`${indent}proxy_set_header X-Tenant $${s.name}_tenant;`] : []),
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
 * The redirects a site keeps from the CMS it replaced, in batches (most of a
 * lighttpd site's bytes, without conditionals). A tree asked for by its number
 * of sites (the per-rule benchmark) keeps a few (`lean`): no rule reads them,
 * and ten times the sites must stay small enough to model.
 */
function lighttpdRedirects(r, s, I, op, lean) {
  const L = [`${I}# Redirects from the pages of the site this project replaced`, `${I}url.redirect ${op} (`];
  const batches = lean ? 1 : r.int(3, 8);
  let id = r.int(1, 500);
  for (let b = 0; b < batches; b++) {
    const section = r.pick(["news", "products", "about", "blog", "events", "press", "careers", "support"]);
    L.push(`${I}    # ${section}: moved in release ${r.int(1, 9)}.${r.int(0, 30)} (ticket ${s.team.toUpperCase()}-${r.int(100, 9999)})`);
    for (let k = lean ? r.int(2, 5) : r.int(10, 40); k > 0; k--) {
      id += r.int(1, 40);
      L.push(
        `${I}    "^${op === "=" ? "" : "/" + s.name}/${section}/${id}(\\.html?)?$" => "https://${s.host}/${section}/${r.pick(["item", "page", "story"])}-${id}/",`,
      );
    }
  }
  L.push(`${I})`);
  return L;
}

/** One application of a "fat" lighttpd host, under its prefix: at most two conditionals (lighttpd's limit is 4096 a server). */
function lighttpdFatApp(r, s) {
  const p = `/${s.name}`;
  const I = "    ";
  const L = [`${I}# ${s.name}, owned by the ${s.team} team`];
  L.push(
    `${I}alias.url += (`,
    `${I}    "${p}/static/" => "/srv/${s.name}/static/",`,
    ...(s.media ? [`${I}    "${p}/media/" => "/srv/${s.name}/media/",`] : []),
    `${I})`,
  );
  L.push(...lighttpdRedirects(r, s, I, "+=", s.lean));
  L.push(`${I}$HTTP["url"] =~ "^${p}/" {`);
  // Listings on for one application in ten, off again for its uploads in one of twenty (as in lighttpdSite; not
  // beside the WebSocket block, to keep two conditionals an application).
  if (s.i % 10 === 4) L.push(`${I}    dir-listing.activate = "enable"`);
  if (s.i % 10 === 4 && s.media && s.i % 20 === 4 && !(s.proxy && s.api))
    L.push(`${I}    $HTTP["url"] =^ "${p}/media/" {`, `${I}        dir-listing.activate = "disable"`, `${I}    }`);
  if (!s.proxy) {
    L.push(
      `${I}    fastcgi.server = ( "${p}.fcgi" => ( "main" => ( "host" => "127.0.0.1", "port" => ${s.port}, "check-local" => "${r.chance(0.9) ? "disable" : "enable"}" ) ) )`,
      `${I}    url.rewrite-once = (`,
      `${I}        "^(${p}/static/.*)$" => "$1",`,
      ...(s.media && r.chance(0.9) ? [`${I}        "^(${p}/media/.*)$" => "$1",`] : []),
      `${I}        "^(${p}/.*)$" => "${p}.fcgi$1",`,
      `${I}    )`,
    );
  } else {
    L.push(`${I}    proxy.server = ( "" => ( ( "host" => "127.0.0.1", "port" => ${s.port} ) ) )`);
    if (s.api)
      L.push(
        `${I}    $HTTP["url"] =~ "^${p}/ws/" {`,
        `${I}        proxy.server = ( "" => ( ( "host" => "127.0.0.1", "port" => ${s.port + 1} ) ) )`,
        ...(r.chance(0.8) ? [`${I}        proxy.header = ( "upgrade" => "enable" )`] : []),
        `${I}    }`,
      );
  }
  L.push(`${I}}`);
  return { outside: [], inside: L };
}

function lighttpdFatHost(r, h, apps) {
  return (
    [
      `$HTTP["host"] == "apps${h}.example.com" {`,
      '    server.document-root = var.basedir + "/htdocs"',
      '    setenv.add-response-header += ( "X-Content-Type-Options" => "nosniff" )',
      ...apps,
      "}",
      "",
    ].join("\n") + "\n"
  );
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
  L.push(
    "    alias.url += (",
    `        "/static/" => "/srv/${s.name}/static/",`,
    ...(s.media ? [`        "/media/" => "/srv/${s.name}/media/",`] : []),
    "    )",
  );
  L.push("    setenv.add-response-header += (", '        "X-Content-Type-Options" => "nosniff",', '        "Referrer-Policy" => "same-origin",', "    )");
  L.push(...lighttpdRedirects(r, s, "    ", "=", s.lean));
  // One site in ten turns directory listings on for its host, and one in twenty of those (with media) off again
  // for the uploads, as lighttpd/dir-listing-on-uploads advises; from the site's number, not the random stream.
  const listed = s.i % 10 === 4;
  if (listed) L.push('    dir-listing.activate = "enable"');
  if (listed && s.media && s.i % 20 === 4) L.push('    $HTTP["url"] =^ "/media/" {', '        dir-listing.activate = "disable"', "    }");
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
    L.push(
      '    $HTTP["url"] !~ "^/(static|media)/" {',
      "        proxy.server = (",
      '            "" => (',
      `                ( "host" => "127.0.0.1", "port" => ${s.port} ),`,
      "            )",
      "        )",
      '        proxy.header = ( "upgrade" => "enable" )',
      "    }",
    );
  } else {
    L.push("    proxy.server = (", `        "/app/" => ( ( "host" => "127.0.0.1", "port" => ${s.port} ) ),`, "    )");
  }
  if (s.api && !fcgi && conditional()) {
    // Django Channels behind the same backend; now and then without the upgrade header (lighttpd/websocket-upgrade-missing).
    L.push(
      '    $HTTP["url"] =~ "^/ws/" {',
      `        proxy.server = ( "" => ( ( "host" => "127.0.0.1", "port" => ${s.port + 1} ) ) )`,
      ...(r.chance(0.6) ? ['        proxy.header = ( "upgrade" => "enable" )'] : []),
      "    }",
    );
  }
  if (s.admin && conditional()) {
    L.push(
      '    $HTTP["url"] =~ "^/admin/" {',
      `        url.access-deny = ( "" )`,
      `        # 10.${s.i % 250}.0.0/16 is let in by the VPN gateway in front`,
      "    }",
    );
  }
  if (s.cache && conditional()) {
    L.push('    $HTTP["url"] =~ "^/static/" {', `        expire.url = ( "" => "access plus ${r.int(1, 12)} months" )`, "    }");
  }
  if (s.api && conditional()) {
    L.push(
      '    $HTTP["url"] =~ "^/api/" {',
      "        setenv.add-response-header += (",
      '            "Access-Control-Allow-Origin" => "*",',
      '            "Cache-Control" => "no-store",',
      "        )",
      "    }",
    );
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
  apache: {
    main: "apache2.conf",
    mainLines: apacheMain,
    site: apacheSite,
    siteDir: "sites-enabled",
    fatApp: (r, s) => {
      const fcgi = apacheFastCgi(s, `/${s.name}`);
      return { outside: fcgi.outside, inside: [...apacheApp(r, s, `/${s.name}`, "    ", true), ...fcgi.inside] };
    },
    fatHost: apacheFatHost,
  },
  nginx: { main: "nginx.conf", mainLines: nginxMain, site: nginxSite, siteDir: "sites-enabled", fatApp: nginxFatApp, fatHost: nginxFatHost },
  lighttpd: { main: "lighttpd.conf", mainLines: lighttpdMain, site: lighttpdSite, siteDir: "conf.d", fatApp: lighttpdFatApp, fatHost: lighttpdFatHost },
};

/** How many large hosts the "fat" shape spreads its applications over. */
const FAT_HOSTS = 3;

/**
 * Writes a tree of about `bytes` bytes (sites are added until the size is
 * reached), or of `sites` sites, to `dir`, emptied first; returns
 * { entry, dir, files, bytes, sites }.
 */
/**
 * A site's Django project as its WSGI script finds it (`projects`: under `srv/` in the tree, which a run maps to
 * `/srv`): manage.py, the package with its settings and wsgi.py. Not counted in the tree's bytes (not configuration).
 * One in ten runs with DEBUG on, one in seven keeps its uploads elsewhere than the host's /media/ alias.
 */
function writeProject(root, s) {
  const pkg = path.join(root, "srv", s.name, "app", s.name);
  fs.mkdirSync(pkg, { recursive: true });
  const module = `${s.name}.settings`;
  fs.writeFileSync(
    path.join(root, "srv", s.name, "app", "manage.py"),
    `import os\nimport sys\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")\n    from django.core.management import execute_from_command_line\n\n    execute_from_command_line(sys.argv)\n`,
  );
  fs.writeFileSync(path.join(pkg, "__init__.py"), "");
  for (const script of ["wsgi.py", "django.py"])
    fs.writeFileSync(
      path.join(pkg, script),
      `import os\n\nfrom django.core.wsgi import get_wsgi_application\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")\napplication = get_wsgi_application()\n`,
    );
  fs.writeFileSync(
    path.join(pkg, "settings.py"),
    [
      "from pathlib import Path",
      "import os",
      "",
      "BASE_DIR = Path(__file__).resolve().parent.parent",
      'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
      `DEBUG = ${s.i % 10 === 3 ? "True" : "False"}`,
      `ALLOWED_HOSTS = ["${s.host}", "www.${s.host}"]`,
      'INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.staticfiles"]',
      'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.contrib.sessions.middleware.SessionMiddleware"]',
      `ROOT_URLCONF = "${s.name}.urls"`,
      `WSGI_APPLICATION = "${s.name}.wsgi.application"`,
      ...(s.redirectHttps
        ? ['SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")', "SECURE_SSL_REDIRECT = True", "SECURE_HSTS_SECONDS = 31536000"]
        : []),
      'STATIC_URL = "/static/"',
      `STATIC_ROOT = "/srv/${s.name}/static"`,
      'MEDIA_URL = "/media/"',
      `MEDIA_ROOT = "/srv/${s.name}/${s.i % 7 === 5 ? "uploads" : "media"}"`,
      "",
    ].join("\n"),
  );
}

export function generateTree({ dialect, variant, bytes, sites: wanted, dir, seed = 1, projects = false }) {
  const d = DIALECTS[dialect];
  if (!d) throw new Error(`unknown dialect ${dialect}`);
  if (!["single", "tree", "fat"].includes(variant)) throw new Error(`unknown variant ${variant}`);
  if ((bytes === undefined) === (wanted === undefined)) throw new Error("give bytes or sites");
  const more = (total, n) => (wanted === undefined ? total < bytes : n < wanted);
  const root = path.resolve(dir);
  fs.rmSync(root, { recursive: true, force: true });
  for (const sub of ["run", "logs", "htdocs", d.siteDir]) fs.mkdirSync(path.join(root, sub), { recursive: true });
  if (dialect === "apache" && variant === "tree") fs.mkdirSync(path.join(root, "conf-enabled"));
  const r = rng(seed * 7919 + { apache: 1, nginx: 2, lighttpd: 3 }[dialect] * 104729 + { single: 0, tree: 13, fat: 29 }[variant]);
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

  const mainHead = d.mainLines(ROOT_MARK, variant, wanted !== undefined).join("\n") + "\n";
  let total = Buffer.byteLength(mainHead) + shared.reduce((a, [, t]) => a + Buffer.byteLength(t), 0);
  const chunks = [];
  let sites = 0;
  if (variant === "fat") {
    // Applications, spread over a few hosts; nginx's upstreams go before the servers.
    const outside = [];
    const hosts = Array.from({ length: FAT_HOSTS }, () => []);
    while (more(total, sites)) {
      const info = siteInfo(r, sites);
      if (projects) writeProject(root, info);
      const app = d.fatApp(r, { ...info, lean: wanted !== undefined, fastcgi: wanted !== undefined }, variant);
      const text = [...app.outside, ...app.inside].join("\n") + "\n";
      total += Buffer.byteLength(text);
      outside.push(...app.outside);
      hosts[sites % FAT_HOSTS].push(app.inside.join("\n"));
      sites++;
    }
    if (outside.length) chunks.push(outside.join("\n") + "\n");
    hosts.forEach((apps, h) => apps.length && chunks.push(d.fatHost(r, h, apps, ROOT_MARK)));
  }
  // Sites until the tree reaches the size asked for.
  while (variant !== "fat" && more(total, sites)) {
    const s = { ...siteInfo(r, sites), lean: wanted !== undefined, fastcgi: wanted !== undefined };
    if (projects) writeProject(root, s);
    const text = d.site(r, s, ROOT_MARK, variant);
    total += Buffer.byteLength(text);
    if (variant === "tree") write(`${d.siteDir}/${String(sites).padStart(5, "0")}-${s.name}.conf`, text);
    else chunks.push(text);
    sites++;
  }
  // nginx's http block closes after the sites in the single file.
  const tail = dialect === "nginx" && variant !== "tree" ? "}\n" : "";
  write(d.main, mainHead + chunks.join("") + tail);
  const entry = path.join(root, d.main);
  return { entry, dir: root, files: written.length, bytes: written.reduce((a, w) => a + w.bytes, 0), sites };
}

// `node bench/generate.mjs <dialect> <single|tree> <bytes> <dir> [seed]` writes one tree.
// (Bundled into another script, import.meta.url is that script's: the name tells them apart.)
const self = new URL(import.meta.url).pathname;
if (process.argv[1] && self.endsWith("/generate.mjs") && path.resolve(process.argv[1]) === path.resolve(self)) {
  const [dialect, variant, size, dir, seed] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: node bench/generate.mjs apache|nginx|lighttpd single|tree|fat BYTES|<N>sites DIR [SEED]");
    process.exit(2);
  }
  const amount = size.endsWith("sites") ? { sites: Number(size.slice(0, -5)) } : { bytes: Number(size) };
  console.log(JSON.stringify(generateTree({ dialect, variant, ...amount, dir, seed: seed ? Number(seed) : 1 })));
}
