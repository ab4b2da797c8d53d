/**
 * Which server a file configures: by name first (httpd.conf, .htaccess,
 * nginx.conf, lighttpd.conf, and the directories distributions keep them in),
 * then by content (each dialect's unmistakable shapes), else unknown.
 */
import path from "node:path";
import type { Dialect } from "../rule-api.js";

export const DIALECTS: readonly Dialect[] = ["apache", "nginx", "lighttpd"];

export function dialectFromName(p: string): Dialect | null {
  const base = path.basename(p).toLowerCase();
  const parts = p.toLowerCase().split(/[\\/]/);
  if (base === ".htaccess" || base.endsWith(".htaccess") || /^htaccess(\.txt|\.dist)?$/.test(base) || base === ".htaccess.dist") return "apache";
  if (/^(httpd|apache2?)\.conf/.test(base) || base.endsWith(".load")) return "apache";
  if (/^nginx\.conf/.test(base) || base.endsWith(".nginx") || base === "mime.types" && parts.includes("nginx")) return "nginx";
  if (/^lighttpd\.conf/.test(base)) return "lighttpd";
  for (const dir of parts.slice(0, -1).reverse()) {
    if (dir === "apache2" || dir === "httpd" || dir === "apache") return "apache";
    if (dir === "nginx") return "nginx";
    if (dir === "lighttpd") return "lighttpd";
  }
  return null;
}

const APACHE_LINE = /^[ \t]*(?:<\/?(?:VirtualHost|Directory|DirectoryMatch|Location|LocationMatch|Files|FilesMatch|IfModule|IfDefine|IfVersion|Macro|Limit|LimitExcept|Proxy|If|Else|ElseIf|RequireAll|RequireAny)\b|(?:LoadModule|ServerName|ServerRoot|DocumentRoot|RewriteEngine|RewriteRule|RewriteCond|Alias|ScriptAlias|WSGI\w+|Python\w+|Require|Options|AllowOverride|AddHandler|SetHandler|AddType|Order|Allow|Deny|Header|ErrorDocument|DirectoryIndex|SetEnv|SetEnvIf|ExpiresActive|ExpiresByType|AddDefaultCharset|AddOutputFilterByType|FileETag|Listen|Include|IncludeOptional|LogFormat|CustomLog|ErrorLog|SecRule|SecAction|php_value|php_flag|SSLEngine|KeepAlive)[ \t])/im;
const NGINX_LINE = /^[ \t]*(?:(?:server|location|http|events|upstream|stream|map|geo|types|if|mail)\b[^\n{;]*\{|(?:listen|server_name|root|proxy_pass|include|worker_processes|error_log|access_log|return|rewrite|add_header|try_files|fastcgi_pass|uwsgi_pass|ssl_certificate)\s[^\n]*;[ \t]*(?:#.*)?$)/m;
const LIGHTTPD_LINE = /^[ \t]*(?:(?:server|var|env|url|alias|fastcgi|mimetype|index-file|static-file|dir-listing|accesslog|auth|compress|deflate|setenv|ssl|proxy|cgi|debug|status|magnet|expire|evhost|simple-vhost|scgi|webdav)[.\w-]*\s*(?:\+=|:=|=)|\$(?:HTTP|SERVER|REQUEST_HEADER|PHYSICAL)\s*\[|include(?:_shell)?\s+")/m;

export function dialectFromContent(text: string): Dialect | null {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  const score = (re: RegExp) => {
    const g = new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g");
    let n = 0;
    while (g.exec(sample) && n < 50) n++;
    return n;
  };
  const scores: [Dialect, number][] = [
    ["apache", score(APACHE_LINE)],
    ["nginx", score(NGINX_LINE)],
    ["lighttpd", score(LIGHTTPD_LINE)],
  ];
  scores.sort((a, b) => b[1] - a[1]);
  if (scores[0][1] === 0 || scores[0][1] === scores[1][1]) return null;
  return scores[0][0];
}

export function detectDialect(p: string, text: string): Dialect | null {
  return dialectFromName(p) ?? dialectFromContent(text);
}
