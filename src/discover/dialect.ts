/**
 * Which server a file configures. A file name that only one server uses
 * (httpd.conf, .htaccess, *.load, nginx.conf, lighttpd.conf) decides; else the
 * content does when it is unmistakable: each non-comment line is read the way
 * each server would read it (Apache: `Directive args` and `<Section>` lines;
 * nginx: statements ended by `;` and blocks opened by `{`; lighttpd:
 * `option.name = value`, `$HTTP["host"] == ... {`, `"key" => value`) and
 * scored; else the directory it sits in (`/etc/nginx/...`); else the content's
 * weaker lead; else unknown. A `.conf` under a directory named after one server
 * but written for another (a repository's `apache/proxy/upload.conf` that holds
 * nginx directives) goes by its content.
 */
import path from "node:path";
import { NGINX_DIRECTIVES } from "../../grammars/nginx/directives.js";
import type { Dialect } from "../core/dialect.js";

export const DIALECTS: readonly Dialect[] = ["apache", "nginx", "lighttpd"];

/** The file's own name, when only one server uses it. */
export function dialectFromFileName(p: string): Dialect | null {
  const base = path.basename(p).toLowerCase();
  const parts = p.toLowerCase().split(/[\\/]/);
  if (base === ".htaccess" || base.endsWith(".htaccess") || /^htaccess(\.txt|\.dist)?$/.test(base) || base === ".htaccess.dist") return "apache";
  if (/^(httpd|apache2?)\.conf/.test(base) || base.endsWith(".load")) return "apache";
  if (/^nginx\.conf/.test(base) || base.endsWith(".nginx") || (base === "mime.types" && parts.includes("nginx"))) return "nginx";
  if (/^lighttpd\.conf/.test(base)) return "lighttpd";
  return null;
}

/** The directories distributions keep each server's files in. */
export function dialectFromDirectory(p: string): Dialect | null {
  const parts = p.toLowerCase().split(/[\\/]/);
  for (const dir of parts.slice(0, -1).reverse()) {
    if (dir === "apache2" || dir === "httpd" || dir === "apache") return "apache";
    if (dir === "nginx") return "nginx";
    if (dir === "lighttpd") return "lighttpd";
  }
  return null;
}

/** Name-based detection alone: the file name, then its directories. */
export function dialectFromName(p: string): Dialect | null {
  return dialectFromFileName(p) ?? dialectFromDirectory(p);
}

/** Directives that only Apache (and its usual modules) has; matched case-insensitively, as httpd does. */
const APACHE_DIRECTIVES = new Set(
  `acceptfilter acceptpathinfo accessfilename action addcharset adddefaultcharset adddescription addencoding addhandler
  addicon addiconbyencoding addiconbytype addinputfilter addlanguage addoutputfilter addoutputfilterbytype addtype alias
  aliasmatch allow allowencodedslashes allowmethods allowoverride allowoverridelist authbasicprovider authdigestprovider
  authgroupfile authldapurl authldapbinddn authldapbindpassword authname authtype authuserfile authzgroupfilemethod
  browsermatch browsermatchnocase cachedefaultexpire cacheenable cachedisable cacheignorenolastmod cachelock cacheroot
  customlog davlockdb defaultlanguage defaulttype define deflatecompressionlevel deny directoryindex directoryslash
  documentroot enablemmap enablesendfile errordocument errorlog expiresactive expiresbytype expiresdefault extendedstatus
  fcgidconnecttimeout fcgidipcdir fcgidmaxrequestlen fcgidwrapper fastcgiexternalserver fastcgiserver fileetag
  forcetype group header headername hostnamelookups indexignore indexoptions keepalive keepalivetimeout
  languagepriority limitrequestbody limitrequestfields listen loadfile loadmodule logformat loglevel maxclients
  maxconnectionsperchild maxkeepaliverequests maxrequestsperchild maxrequestworkers maxspareservers maxsparethreads
  mimemagicfile minspareservers minsparethreads namevirtualhost options order passenv php_admin_flag php_admin_value
  php_flag php_value pidfile protocols proxypass proxypassmatch proxypassreverse proxypreservehost proxyrequests
  proxyset proxytimeout pythondebug pythonhandler pythoninterpreter pythonoption pythonpath readmename redirect
  redirectmatch redirectpermanent redirecttemp remoteipheader remoteipinternalproxy requestheader require
  rewritebase rewritecond rewriteengine rewritelog rewriteloglevel rewritemap rewriteoptions rewriterule satisfy
  scriptalias scriptaliasmatch secaction secauditengine secauditlog secauditlogparts secdefaultaction secmarker
  secrequestbodyaccess secresponsebodyaccess secrule secruleengine secruleremovebyid secruleremovebytag
  secruleupdatetargetbyid secruleupdatetargetbytag seccomponentsignature seccollectiontimeout secdatadir sectmpdir
  serveradmin serveralias servername serverlimit serverroot serversignature servertokens setenv setenvif setenvifnocase
  sethandler setinputfilter setoutputfilter ssiendtag ssierrormsg ssistarttag sslcacertificatefile sslcertificatechainfile
  sslcertificatefile sslcertificatekeyfile sslciphersuite sslengine sslhonorcipherorder sslmutex sslopensslconfcmd
  ssloptions sslpassphrasedialog sslprotocol sslproxyengine sslrandomseed sslrequire sslrequiressl sslsessioncache
  sslsessioncachetimeout sslstaplingcache sslusestapling sslverifyclient sslverifydepth startservers startthreads
  suexecusergroup threadlimit threadsperchild threadstacksize timeout traceenable typesconfig unsetenv usecanonicalname
  use user userdir undefine undefmacro wsgiapplicationgroup wsgidaemonprocess wsgiimportscript wsgipassauthorization
  wsgiprocessgroup wsgipythonhome wsgipythonpath wsgiscriptalias wsgiscriptaliasmatch wsgisocketprefix xbithack
  mutex include includeoptional ifmodule scriptinterpretersource checkspelling checkcaseonly dirsuffix
  authnprovideralias authzprovideralias oidcproviderissuer oidcclientid oidcclientsecret oidcredirecturi
  oidccryptopassphrase oidcscope addoutputfilter deflatebuffersize h2direct bufferedlogs rlimitcpu rlimitmem
  rlimitnproc maxmemfree coredumpdirectory scoreboardfile sendbuffersize receivebuffersize gracefulshutdowntimeout
  filterdeclare filterprovider filterchain substitute limitinternalrecursion serverpath errorlogformat`
    .split(/\s+/)
    .filter(Boolean),
);

/** Evidence of each server in a file's text; commented-out lines count only when nothing else does. */
export function contentScores(text: string): Record<Dialect, number> {
  const sample = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).slice(0, 65536);
  const live: Record<Dialect, number> = { apache: 0, nginx: 0, lighttpd: 0 };
  const commented: Record<Dialect, number> = { apache: 0, nginx: 0, lighttpd: 0 };
  for (const raw of sample.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith("#")) scoreLine(line.replace(/^#+\s*/, ""), commented, true);
    else scoreLine(line, live, false);
  }
  return live.apache + live.nginx + live.lighttpd > 0 ? live : commented;
}

/** Scores one line; in a comment, prose is not evidence, so only known names and exact shapes count. */
function scoreLine(line: string, s: Record<Dialect, number>, inComment: boolean) {
  if (!line) return;
  // nginx and lighttpd allow a trailing comment; drop one that follows a blank.
  const code = line.replace(/\s+#[^"']*$/, "");
  const first = /^[^\s;{}=(]+/.exec(code)?.[0] ?? "";
  const endsStatement = code.endsWith(";");
  const opensBlock = code.endsWith("{");

  if (/^<\/?[A-Za-z][\w.:-]*(\s[^>]*)?>$/.test(code)) s.apache += 3;
  else if (!endsStatement && !opensBlock && APACHE_DIRECTIVES.has(first.toLowerCase()) && !/^\S+\s*(=|\+=|:=)/.test(code)) s.apache += /^[A-Z]/.test(first) || first.startsWith("php_") ? 2 : 1;
  else if (!inComment && !endsStatement && !opensBlock && /^[A-Z][A-Za-z0-9]*(\s|$)/.test(code) && !/^\S+\s*(=|\+=|:=|=>)/.test(code)) s.apache += 1;

  if (endsStatement) s.nginx += NGINX_DIRECTIVES.has(first) ? 2 : 1;
  else if ((opensBlock || /;\s*\}$/.test(code)) && /^(http|server|location|events|upstream|map|geo|types|if|stream|mail|split_clients|charset_map|limit_except|user_agent|match|rtmp|application|[a-z_]+_by_lua_block)\b[^=]*\{/.test(code)) s.nginx += 3;

  if (/^[a-z][\w-]*(\.[\w-]+)+\s*(\+=|:=|=)/.test(code)) s.lighttpd += 3;
  else if (/^(else\s*)?\$(HTTP|SERVER|REQUEST_HEADER|PHYSICAL|URL)\s*\[/.test(code)) s.lighttpd += 3;
  else if (/^"[^"]*"\s*=>/.test(code)) s.lighttpd += 1;
  else if (/^include(_shell)?\s+"[^"]*"$/.test(code)) s.lighttpd += 2;
}

/** The dialect the content points to, and whether it is unmistakable (a clear lead over the others). */
export function classifyContent(text: string): { dialect: Dialect | null; decisive: boolean } {
  const scores = Object.entries(contentScores(text)) as [Dialect, number][];
  scores.sort((a, b) => b[1] - a[1]);
  const [[top, n], [, second]] = scores;
  if (n === 0 || n === second) return { dialect: null, decisive: false };
  return { dialect: top, decisive: n >= 2 && n >= 3 * second };
}

/** Content-based detection alone (null when the content does not point anywhere). */
export function dialectFromContent(text: string): Dialect | null {
  return classifyContent(text).dialect;
}

export function detectDialect(p: string, text: string): Dialect | null {
  const byFile = dialectFromFileName(p);
  if (byFile) return byFile;
  const content = classifyContent(text);
  if (content.decisive) return content.dialect;
  return dialectFromDirectory(p) ?? content.dialect;
}
