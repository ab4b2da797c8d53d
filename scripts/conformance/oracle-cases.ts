/**
 * Hand-written oracle cases: premises rules rest on, each with the verdict the
 * real server gives (`apache2 -t` / `lighttpd -tt`) and, where the config
 * test cannot tell, what a running server does with requests (on loopback,
 * with an echo backend that reports what it received), next to what the
 * linter must say. `npm run conformance` checks the servers' side; the
 * linter's side is also checked without servers (test/conformance.test.ts).
 *
 * In `body`: `{{backend}}` is the echo backend's port, `{{root}}` the case's
 * private directory (its document root is `{{root}}/htdocs`).
 */
import { MOD_PROXY_DEFAULT_HEADERS } from "../../src/model/lighttpd/proxy.js";

export interface LiveRequest {
  path: string;
  headers?: Record<string, string>;
  /** Expected status, or a status it must not be. */
  status?: number;
  notStatus?: number;
  /** The request reached the echo backend (or must not have). */
  reachesBackend?: boolean;
  /** Headers the backend must have received (value: exact, RegExp, or null for "absent"). */
  backendSees?: Record<string, string | RegExp | null>;
  /** Text the response body must contain. */
  bodyContains?: string;
}

export interface OracleCase {
  id: string;
  dialect: "apache" | "lighttpd";
  /** The premise, in words, for the report. */
  premise: string;
  /** httpd modules to load (short names: `proxy_http`), besides the MPM and mod_authz_core. */
  modules?: string[];
  body: string;
  /** Files of the case's tree (relative to its root) and their contents. */
  files?: Record<string, string>;
  /** The config test's verdict: accepted, or refused with a message. */
  test: { accepts: true } | { accepts: false; message: RegExp };
  live?: LiveRequest[];
  /** What the linter says with only `rule` enabled (and the engine's ids). */
  ours: { rule: string; fires: boolean; apacheVersion?: string }[];
}

const ECHO = "http://127.0.0.1:{{backend}}";

export const ORACLE_CASES: OracleCase[] = [
  {
    id: "wsgi-daemon-duplicate",
    dialect: "apache",
    premise: "a WSGIDaemonProcess name defined in the :80 and the :443 host is refused by apache2 -t",
    modules: ["wsgi"],
    body: [
      "<VirtualHost *:80>",
      "  WSGIDaemonProcess site python-path=/srv/site",
      "</VirtualHost>",
      "<VirtualHost *:443>",
      "  WSGIDaemonProcess site python-path=/srv/site",
      "</VirtualHost>",
    ].join("\n"),
    test: { accepts: false, message: /Name duplicates previous WSGI daemon definition/ },
    ours: [{ rule: "apache/wsgi-daemon-name-duplicate", fires: true }],
  },
  {
    id: "wsgi-daemon-exclusive-branches",
    dialect: "apache",
    premise: "the same name in <IfDefine X> and <IfDefine !X> (and <IfModule m> / <IfModule !m>) is accepted",
    modules: ["wsgi"],
    body: [
      "<IfDefine STAGING>",
      "  WSGIDaemonProcess site",
      "</IfDefine>",
      "<IfDefine !STAGING>",
      "  WSGIDaemonProcess site",
      "</IfDefine>",
      "<IfModule !ssl_module>",
      "  WSGIDaemonProcess other",
      "</IfModule>",
      "<IfModule ssl_module>",
      "  WSGIDaemonProcess other",
      "</IfModule>",
    ].join("\n"),
    test: { accepts: true },
    ours: [{ rule: "apache/wsgi-daemon-name-duplicate", fires: false }],
  },
  {
    id: "wsgi-daemon-names-differ-in-case",
    dialect: "apache",
    premise: "mod_wsgi compares daemon names exactly: site and Site are two groups",
    modules: ["wsgi"],
    body: "WSGIDaemonProcess site\nWSGIDaemonProcess Site",
    test: { accepts: true },
    ours: [{ rule: "apache/wsgi-daemon-name-duplicate", fires: false }],
  },
  {
    id: "uwsgi-without-proxy-uwsgi",
    dialect: "apache",
    premise: "ProxyPass to uwsgi:// without mod_proxy_uwsgi passes apache2 -t, then every request answers 500",
    modules: ["proxy", "proxy_http"],
    body: "ProxyPass /app/ uwsgi://127.0.0.1:{{backend}}/",
    test: { accepts: true },
    live: [{ path: "/app/x", status: 500, reachesBackend: false }],
    ours: [{ rule: "apache/proxy-scheme-module-missing", fires: true }],
  },
  {
    id: "fcgi-without-proxy-fcgi",
    dialect: "apache",
    premise: "ProxyPass to fcgi:// without mod_proxy_fcgi passes apache2 -t, then every request answers 500",
    modules: ["proxy", "proxy_http"],
    body: "ProxyPass /app/ fcgi://127.0.0.1:{{backend}}/",
    test: { accepts: true },
    live: [{ path: "/app/x", status: 500, reachesBackend: false }],
    ours: [{ rule: "apache/proxy-scheme-module-missing", fires: true }],
  },
  {
    id: "uwsgi-with-proxy-uwsgi",
    dialect: "apache",
    premise: "with mod_proxy_uwsgi loaded the request goes to the backend (the same 500 when the backend does not speak uwsgi, but only then)",
    modules: ["proxy", "proxy_uwsgi"],
    body: "ProxyPass /app/ uwsgi://127.0.0.1:{{backend}}/",
    test: { accepts: true },
    live: [{ path: "/app/x", reachesBackend: true }],
    ours: [{ rule: "apache/proxy-scheme-module-missing", fires: false }],
  },
  {
    id: "ws-by-proxy-http",
    dialect: "apache",
    premise: "since httpd 2.4.47 mod_proxy_http takes ws:// itself (no mod_proxy_wstunnel); before, ws:// needs mod_proxy_wstunnel",
    modules: ["proxy", "proxy_http"],
    body: `ProxyPass /ws/ ws://127.0.0.1:{{backend}}/ws/`,
    test: { accepts: true },
    live: [{ path: "/ws/x", status: 200, reachesBackend: true }],
    ours: [
      { rule: "apache/proxy-scheme-module-missing", fires: false },
      { rule: "apache/proxy-scheme-module-missing", fires: true, apacheVersion: "2.4.46" },
    ],
  },
  {
    id: "fpm-handler-without-proxy-fcgi",
    dialect: "apache",
    premise: 'SetHandler "proxy:fcgi://..." without mod_proxy_fcgi: nothing claims the handler and the PHP file is sent as it is',
    modules: ["proxy", "proxy_http"],
    body: ['<FilesMatch "\\.php$">', '  SetHandler "proxy:fcgi://127.0.0.1:{{backend}}"', "</FilesMatch>"].join("\n"),
    files: { "htdocs/info.php": "<?php phpinfo();\n" },
    test: { accepts: true },
    live: [{ path: "/info.php", status: 200, reachesBackend: false, bodyContains: "<?php" }],
    ours: [{ rule: "apache/proxy-scheme-module-missing", fires: true }],
  },
  {
    id: "preserve-host-at-server-level",
    dialect: "apache",
    premise: "ProxyPreserveHost On at server level reaches a virtual host: the backend gets the client's Host",
    modules: ["proxy", "proxy_http"],
    body: ["ProxyPreserveHost On", "<VirtualHost *:{{port}}>", "  ServerName www.example.com", `  ProxyPass / ${ECHO}/`, "</VirtualHost>"].join("\n"),
    test: { accepts: true },
    live: [{ path: "/x", headers: { Host: "www.example.com" }, status: 200, backendSees: { host: "www.example.com" } }],
    ours: [{ rule: "apache/proxy-preserve-host-off", fires: false }],
  },
  {
    id: "preserve-host-off",
    dialect: "apache",
    premise: "without ProxyPreserveHost the backend gets its own address as Host",
    modules: ["proxy", "proxy_http"],
    body: ["<VirtualHost *:{{port}}>", "  ServerName www.example.com", `  ProxyPass / ${ECHO}/`, "</VirtualHost>"].join("\n"),
    test: { accepts: true },
    live: [{ path: "/x", headers: { Host: "www.example.com" }, status: 200, backendSees: { host: /^127\.0\.0\.1:\d+$/ } }],
    ours: [{ rule: "apache/proxy-preserve-host-off", fires: true }],
  },
  {
    id: "proxypass-exclusion-after-catch-all",
    dialect: "apache",
    premise: "the first matching ProxyPass wins: an exclusion after ProxyPass / never applies",
    modules: ["proxy", "proxy_http"],
    body: `ProxyPass / ${ECHO}/\nProxyPass /static/ !`,
    files: { "htdocs/static/app.css": "body {}\n" },
    test: { accepts: true },
    live: [{ path: "/static/app.css", reachesBackend: true }],
    ours: [{ rule: "apache/proxypass-order", fires: true }],
  },
  {
    id: "proxypass-exclusion-first",
    dialect: "apache",
    premise: "an exclusion before ProxyPass / keeps the path with Apache",
    modules: ["proxy", "proxy_http"],
    body: `ProxyPass /static/ !\nProxyPass / ${ECHO}/`,
    files: { "htdocs/static/app.css": "body {}\n" },
    test: { accepts: true },
    live: [{ path: "/static/app.css", status: 200, reachesBackend: false, bodyContains: "body {}" }],
    ours: [{ rule: "apache/proxypass-order", fires: false }],
  },
  {
    id: "proxypass-exclusion-under-location-catch-all",
    dialect: "apache",
    premise: "a <Location> ProxyPass is consulted before the ProxyPass list: a list exclusion cannot carve a path out of it",
    modules: ["proxy", "proxy_http"],
    body: ["ProxyPass /static/ !", "<Location />", `  ProxyPass ${ECHO}/`, "</Location>"].join("\n"),
    files: { "htdocs/static/app.css": "body {}\n" },
    test: { accepts: true },
    live: [{ path: "/static/app.css", reachesBackend: true }],
    ours: [{ rule: "apache/proxypass-order", fires: true }],
  },
  {
    id: "proxypass-location-exclusion-after-catch-all",
    dialect: "apache",
    premise: "among <Location>s the one merged last wins: an exclusion placed after the catch-all works",
    modules: ["proxy", "proxy_http"],
    body: ["<Location />", `  ProxyPass ${ECHO}/`, "</Location>", "<Location /static/>", "  ProxyPass !", "</Location>"].join("\n"),
    files: { "htdocs/static/app.css": "body {}\n" },
    test: { accepts: true },
    live: [{ path: "/static/app.css", status: 200, reachesBackend: false }],
    ours: [{ rule: "apache/proxypass-order", fires: false }],
  },
  {
    id: "uploads-php-fpm-filesmatch",
    dialect: "apache",
    premise: "<FilesMatch> is merged after <Directory>: SetHandler None there does not stop a server-wide PHP-FPM handler, a <Location> does",
    modules: ["proxy", "proxy_fcgi", "alias"],
    body: [
      '<FilesMatch "\\.php$">',
      '  SetHandler "proxy:fcgi://127.0.0.1:{{backend}}"',
      "</FilesMatch>",
      "Alias /media/ {{root}}/media/",
      "Alias /uploads/ {{root}}/media/",
      "<Directory {{root}}/media>",
      "  Require all granted",
      "  SetHandler None",
      "</Directory>",
      "<Location /uploads/>",
      "  SetHandler None",
      "</Location>",
    ].join("\n"),
    files: { "media/shell.php": "<?php system($_GET['c']);\n" },
    test: { accepts: true },
    live: [
      { path: "/media/shell.php", reachesBackend: true },
      { path: "/uploads/shell.php", status: 200, reachesBackend: false, bodyContains: "<?php" },
    ],
    ours: [{ rule: "apache/uploads-execute-scripts", fires: true }],
  },
  {
    id: "lighttpd-mod-proxy-default-headers",
    dialect: "lighttpd",
    premise: `lighttpd's mod_proxy sends ${MOD_PROXY_DEFAULT_HEADERS.join(", ")} itself, and replaces a client's X-Forwarded-Proto`,
    body: ['server.modules = ( "mod_proxy" )', 'proxy.server = ( "" => ( ( "host" => "127.0.0.1", "port" => {{backend}} ) ) )'].join("\n"),
    test: { accepts: true },
    live: [
      {
        path: "/x",
        headers: { "X-Forwarded-Proto": "https" },
        status: 200,
        backendSees: Object.fromEntries([...MOD_PROXY_DEFAULT_HEADERS.map((h) => [h.toLowerCase(), /./]), ["x-forwarded-proto", "http"]]),
      },
    ],
    ours: [{ rule: "lighttpd/websocket-upgrade-missing", fires: false }],
  },
  {
    id: "lighttpd-upgrade-dropped",
    dialect: "lighttpd",
    premise: 'without proxy.header "upgrade" => "enable" lighttpd drops the client\'s Upgrade header; with it, passes it on',
    body: [
      'server.modules = ( "mod_proxy" )',
      '$HTTP["url"] =^ "/ws/" {',
      '  proxy.server = ( "" => ( ( "host" => "127.0.0.1", "port" => {{backend}} ) ) )',
      "}",
      '$HTTP["url"] =^ "/ws2/" {',
      '  proxy.header = ( "upgrade" => "enable" )',
      '  proxy.server = ( "" => ( ( "host" => "127.0.0.1", "port" => {{backend}} ) ) )',
      "}",
    ].join("\n"),
    test: { accepts: true },
    live: [
      { path: "/ws/x", headers: { Connection: "Upgrade", Upgrade: "websocket" }, backendSees: { upgrade: null } },
      { path: "/ws2/x", headers: { Connection: "Upgrade", Upgrade: "websocket" }, backendSees: { upgrade: "websocket" } },
    ],
    ours: [{ rule: "lighttpd/websocket-upgrade-missing", fires: true }],
  },
  {
    id: "lighttpd-dir-listing-compat-loaded",
    dialect: "lighttpd",
    premise: "dir-listing.activate works without mod_dirlisting in server.modules (lighttpd loads it for compatibility)",
    body: ['server.modules = ( "mod_alias" )', 'dir-listing.activate = "enable"', 'alias.url = ( "/media/" => "{{root}}/media/" )'].join("\n"),
    files: { "media/upload.txt": "x\n" },
    test: { accepts: true },
    live: [{ path: "/media/", status: 200, bodyContains: "upload.txt" }],
    ours: [{ rule: "lighttpd/dir-listing-on-uploads", fires: true }],
  },
  {
    id: "lighttpd-dir-listing-compat-disabled",
    dialect: "lighttpd",
    premise: "with server.compat-module-load disabled and no mod_dirlisting, nothing lists directories",
    body: [
      'server.modules = ( "mod_alias" )',
      'server.compat-module-load = "disable"',
      'dir-listing.activate = "enable"',
      'alias.url = ( "/media/" => "{{root}}/media/" )',
    ].join("\n"),
    files: { "media/upload.txt": "x\n" },
    test: { accepts: true },
    live: [{ path: "/media/", status: 403 }],
    ours: [{ rule: "lighttpd/dir-listing-on-uploads", fires: false }],
  },
];
