import type { Positioned } from "../../src/core/range.js";
import type { ApacheServer } from "../../src/model/apache/server.js";
import { tlsHost } from "../../src/model/apache/tls.js";
import type { DjangoProjectFacts } from "../../src/model/django/index.js";
import { knownSetting, settingRelated, shownSetting, shownSite } from "../../src/model/django/sides.js";
import type { Site } from "../../src/model/django/sites.js";
import { securityMiddlewareAbsent } from "../../src/model/django/served.js";
import { apacheSiteHost, lighttpdSiteContext } from "../../src/model/django/site-servers.js";
import { hostContextOf, isWithin, optionAtUrl } from "../../src/model/lighttpd/request.js";
import type { LighttpdServer } from "../../src/model/lighttpd/server.js";
import type { NginxServer } from "../../src/model/nginx/server.js";
import { defineRule, Phrase, shown, type AnyServer } from "../../src/rule-api.js";
import type { FsFacade } from "../../src/load/fs-facade.js";
import { shownPath } from "../../src/source/quote.js";

const HSTS = "strict-transport-security";
const SETTING_ACTIONS = new Set(["set", "add", "append", "merge", "setifempty"]);

export default defineRule({
  dialect: "django",
  meta: {
    id: "django/hsts-not-set",
    severity: "warning",
    summary: "A TLS site sends no Strict-Transport-Security header: neither Django (SECURE_HSTS_SECONDS) nor the server sets it",
    rationale:
      'HTTP Strict Transport Security tells browsers to use HTTPS for the site for a while, so that a later visit typed as `shop.example.com` or a link to `http://` never goes out in plain text, where an attacker on the network can strip TLS. Either side can send it: Django\'s `SecurityMiddleware` when `SECURE_HSTS_SECONDS` is more than 0, or the web server (`add_header Strict-Transport-Security "max-age=31536000" always;` in nginx, `Header always set Strict-Transport-Security "max-age=31536000"` in Apache, `setenv.add-response-header` in lighttpd). Teams silence Django\'s check because "the proxy does it"; this reads both and fires when neither does, at the TLS server block or virtual host. Start with a short `max-age` and raise it once the whole site (and, with `includeSubDomains`, every subdomain) works over HTTPS.\n\nWhere nginx sets the header at server level but a location\'s own `add_header` drops it, `nginx/add-header-drops-inherited` reports that location instead.',
    silentWhen: [
      "`SECURE_HSTS_SECONDS` is more than 0 (and `SecurityMiddleware`, which sends the header, is in `MIDDLEWARE`, or may be after an `if` the linter cannot decide, or the list cannot be read), comes from the environment or cannot be read (say it with `django.assume` when you know it)",
      "the server block or virtual host is not tied to the project, or is not served over TLS",
      "the server sets `Strict-Transport-Security` at any level that applies to the site (a location of it is enough: `nginx/add-header-drops-inherited` covers the gaps)",
      "an include that cannot be read may set it",
    ],
    seeds: [],
    references: [
      { title: "Django settings: SECURE_HSTS_SECONDS", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-seconds" },
      {
        title: "Django security: HTTP Strict Transport Security",
        url: "https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security",
      },
      { title: "nginx: ngx_http_headers_module, add_header", url: "https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header" },
      { title: "Apache HTTP Server 2.4: mod_headers, Header", url: "https://httpd.apache.org/docs/2.4/mod/mod_headers.html#header" },
      { title: "RFC 6797: HTTP Strict Transport Security", url: "https://www.rfc-editor.org/rfc/rfc6797" },
    ],
    djangoSettings: ["SECURE_HSTS_SECONDS", "MIDDLEWARE", "MIDDLEWARE_CLASSES"],
    messages: {
      missing:
        "The TLS server at {{site}} sends no Strict-Transport-Security header, and neither does Django ({{django}}): browsers keep trying plain HTTP first, where TLS can be stripped; set SECURE_HSTS_SECONDS or add the header here (check --deploy's W004)",
    },
    absence: ["missing"],
    djangoCheck: { id: "security.W004", note: "A team that silenced W004 because the server sends the header is told here when no server does." },
  },
  check({ run, fs, report }) {
    for (const project of run.django.projects) {
      if (!project.sites.length) continue;
      const django = djangoSide(project, fs);
      if (!django) continue;
      const related = settingRelated(fs, knownSetting(project, "SECURE_HSTS_SECONDS"), "SECURE_HSTS_SECONDS");
      for (const site of project.sites) {
        const server = run.servers.find((s) => s.dialect === site.dialect && s.tree.files.has(site.file));
        if (!server || !tlsWithoutHsts(server, site)) continue;
        const at: Positioned = site.block;
        report({
          messageId: "missing",
          data: { site: new Phrase(shownPath(shownSite(run.servers as AnyServer[], fs, project, site))), django: new Phrase(django) },
          at,
          related,
        });
      }
    }
  },
});

/** Why Django sends no HSTS, in words; null when it may (more than 0, or unknown). */
function djangoSide(project: DjangoProjectFacts, fs: FsFacade): string | null {
  const s = knownSetting(project, "SECURE_HSTS_SECONDS");
  if (!s) return null;
  if (s.how === "default") return `${shown(project.settingsModule?.value ?? "the settings")} leaves SECURE_HSTS_SECONDS at 0`;
  if (s.value !== 0 && s.value !== null && s.value !== false) {
    if (s.how !== "read" || typeof s.value !== "number" || !securityMiddlewareAbsent(project)) return null;
    return `${shownPath(shownSetting(project, fs, s.fact))} sets SECURE_HSTS_SECONDS = ${s.value}, but SecurityMiddleware, which sends the header, is not in MIDDLEWARE`;
  }
  return s.how === "read"
    ? `${shownPath(shownSetting(project, fs, s.fact))} sets SECURE_HSTS_SECONDS = ${String(s.value)}`
    : "django.assume sets SECURE_HSTS_SECONDS to 0";
}

function tlsWithoutHsts(server: AnyServer, site: Site): boolean {
  if (server.dialect === "nginx") return nginxLacks(server, site);
  if (server.dialect === "apache") return apacheLacks(server, site);
  return lighttpdLacks(server, site);
}

function nginxLacks(server: NginxServer, site: Site): boolean {
  const vs = server.servers.find((v) => v.block.file === site.file && v.block.openRange.start === site.block.range.start);
  if (!vs?.tls) return false;
  // The header is sent where some level of the site has it in effect; a level that cannot be read may have it.
  for (const scope of [vs.scope, ...vs.locations.map((l) => l.scope)]) {
    const eff = server.directivesInEffect("add_header", scope);
    if (eff.unsure || eff.entries.some((e) => e.node.args[0]?.value.toLowerCase() === HSTS)) return false;
    if (server.chain(scope).some((s) => server.directivesIn(s, "more_set_headers").some((e) => e.node.args.some((a) => a.value.toLowerCase().includes(HSTS)))))
      return false;
  }
  return true;
}

function apacheLacks(server: ApacheServer, site: Site): boolean {
  const vhost = apacheSiteHost(server, site);
  if (!vhost || tlsHost(server, vhost) !== "yes") return false;
  // `Header [always|onsuccess] set Strict-Transport-Security ...` in the virtual host (any section of it) or the main server.
  return !server.directivesSeenBy("Header", vhost).some((e) => {
    const args = e.node.args.map((a) => a.value.toLowerCase());
    const i = args[0] === "always" || args[0] === "onsuccess" ? 1 : 0;
    return SETTING_ACTIONS.has(args[i] ?? "") && args[i + 1] === HSTS;
  });
}

/**
 * lighttpd: TLS somewhere (`ssl.engine = "enable"`) and no response header names HSTS where the site is: in effect
 * for its host (a global `setenv.add-response-header` counts unless the host assigns its own with `=`, which replaces
 * it: checked with lighttpd 1.4.69), nor in a condition inside the host.
 */
function lighttpdLacks(server: LighttpdServer, site: Site): boolean {
  const text = (n: Positioned) => server.tree.files.get(n.file)?.source.text.slice(n.range.start, n.range.end) ?? "";
  if (!server.assignments("ssl.engine").some((a) => /"enable"/i.test(text(a.node)))) return false;
  const own = lighttpdSiteContext(server, site);
  if (!own) return false;
  const host = hostContextOf(own) ?? own;
  const names = (a: Positioned) => text(a).toLowerCase().includes(HSTS);
  for (const key of RESPONSE_HEADERS) {
    const at = optionAtUrl(server, host, "/", [key]);
    // A condition the linter cannot decide (`$HTTP["scheme"] == "https"`) matters only when what it may set could
    // name HSTS: its header lists written out (no `var.`/`env.` value) that name none cannot.
    const mayName = (a: { node: Positioned }) => names(a.node) || /\b(?:var|env)\./.test(text(a.node));
    if ((at.unsure && server.assignments(key).some(mayName)) || at.setting?.assignments.some(names)) return false;
  }
  return !RESPONSE_HEADERS.flatMap((k) => server.assignments(k)).some((a) => isWithin(a.context, host) && names(a.node));
}

const RESPONSE_HEADERS = ["setenv.add-response-header", "setenv.set-response-header"];
