import type { ApacheSection } from "../../src/ast/apache.js";
import { mountActive, mountsOfHost } from "../../src/model/apache/proxy.js";
import { preserveHostFor } from "../../src/model/apache/request-headers.js";
import type { ApacheServer } from "../../src/model/apache/server.js";
import type { DjangoProjectFacts } from "../../src/model/django/index.js";
import { apacheVhost, lighttpdContext, nginxVirtualServer, readTogether, serverOfSite } from "../../src/model/django/served.js";
import { knownSetting, proxiesToProject, settingPlace, shownSetting, shownSite, type RelatedPlace } from "../../src/model/django/sides.js";
import type { Site } from "../../src/model/django/sites.js";
import type { LighttpdServer } from "../../src/model/lighttpd/server.js";
import { proxyHeader } from "../../src/model/nginx/proxy.js";
import { pcreToJs } from "../../src/model/nginx/regex.js";
import type { NginxServer, VirtualServer } from "../../src/model/nginx/server.js";
import { defineRule, Phrase, type AnyServer } from "../../src/rule-api.js";
import { shownPath } from "../../src/source/quote.js";

/** nginx values of `proxy_set_header Host` that pass on the name the client asked for. */
const CLIENT_HOST = /^\$(host|http_host)(:\$server_port|:\$proxy_port)?$/;

export default defineRule({
  dialect: "django",
  meta: {
    id: "django/allowed-hosts-wildcard",
    severity: "warning",
    summary: "ALLOWED_HOSTS accepts any host ('*') and the server in front passes every Host through: forged Host headers reach Django",
    rationale:
      "`ALLOWED_HOSTS` is Django's defence against forged `Host` headers: Django builds absolute URLs from the Host (password-reset e-mails, `request.build_absolute_uri()`, redirects), and an attacker who can choose it can send a victim a reset link to their own server. `'*'` switches the check off, which is safe only when the web server in front answers nothing but the site's own names. It does not when the project's server block is the default server for its address (nginx: marked `default_server`, or the first for that `listen`), when the project's virtual host is the first (hence default) one for its address in Apache, or when lighttpd proxies to it without a `$HTTP[\"host\"]` condition: then any Host reaches Django. List the site's names in `ALLOWED_HOSTS`, or put a default server in front that rejects unknown names (`server { listen 80 default_server; server_name _; return 444; }`). At the `ALLOWED_HOSTS` line, with the server as related location.",
    silentWhen: [
      "`ALLOWED_HOSTS` comes from the environment or cannot be read, or is not a list holding `'*'` (say it with `django.assume` when you know it: the finding then has no settings line to point at and is not reported)",
      "the server block or virtual host is not tied to the project, or another server answers requests for unknown names (site files linted without their main configuration are read with the run's other site files of their directory, in name order, as `include sites-enabled/*;` and `IncludeOptional` read them: Debian's default site then comes first; but not when the project's own nginx `server_name` is a regex that matches any name, such as `~^(www\\.)?(?<domain>.+)$`: nginx tries regex names before it falls back on the default server)",
      "Django does not see the client's Host: nginx proxies without `proxy_set_header Host $host` (or `$http_host`), Apache without `ProxyPreserveHost On`",
    ],
    seeds: [],
    references: [
      { title: "Django security: Host header validation", url: "https://docs.djangoproject.com/en/stable/topics/security/#host-header-validation" },
      { title: "Django settings: ALLOWED_HOSTS", url: "https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts" },
      { title: "nginx: How nginx processes a request", url: "https://nginx.org/en/docs/http/request_processing.html" },
      { title: "Apache HTTP Server 2.4: Name-based Virtual Host Support", url: "https://httpd.apache.org/docs/2.4/vhosts/name-based.html" },
    ],
    djangoSettings: ["ALLOWED_HOSTS"],
    messages: {
      wildcard:
        "{{setting}} sets ALLOWED_HOSTS to accept any host ('*'), and the server at {{site}} {{why}}: forged Host headers reach Django (password-reset links and absolute URLs built from an attacker's host name); list the site's names instead",
    },
    djangoCheck: {
      id: null,
      note: "Its **security.W020** only says when `ALLOWED_HOSTS` is empty; `'*'` passes every check, and only the server in front can make it safe.",
    },
  },
  check({ run, fs, report }) {
    for (const project of run.django.projects) {
      if (!project.sites.length) continue;
      const hosts = knownSetting(project, "ALLOWED_HOSTS");
      if (hosts?.how !== "read" || !Array.isArray(hosts.value) || !hosts.value.includes("*")) continue;
      const open = project.sites
        .map((site) => ({ site, why: passesAnyHost(run.servers, project, site) }))
        .filter((x): x is { site: Site; why: string } => x.why !== null);
      if (!open.length) continue;
      const related: RelatedPlace[] = open.map((o) => ({ at: o.site.block, message: `this server ${o.why}` }));
      // `ALLOWED_HOSTS += ["*"]` in production.py over base.py's list: the statement that added it.
      const changed = hosts.fact.changedAt;
      const text = changed ? fs.read(changed.file).text?.slice(changed.start, changed.end) : undefined;
      const fact = changed && text !== undefined && /(["'])\*\1/.test(text) ? { ...hosts.fact, ...changed } : hosts.fact;
      report({
        messageId: "wildcard",
        data: {
          setting: new Phrase(shownPath(shownSetting(project, fs, fact))),
          site: new Phrase(shownPath(shownSite(run.servers, fs, project, open[0].site))),
          why: new Phrase(open[0].why),
        },
        at: settingPlace(fs, fact),
        related,
      });
    }
  },
});

/** Why the site hands Django requests for any Host, in words; null when it does not (or the linter cannot tell). */
function passesAnyHost(servers: AnyServer[], project: DjangoProjectFacts, site: Site): string | null {
  const server = serverOfSite(servers, site);
  if (server?.dialect === "nginx") return nginxDefault(servers, server, project, site);
  if (server?.dialect === "apache") return apacheDefault(servers, server, site);
  if (server?.dialect === "lighttpd") return lighttpdAnyHost(server, site);
  return null;
}

function nginxDefault(servers: AnyServer[], server: NginxServer, project: DjangoProjectFacts, site: Site): string | null {
  const vs = nginxVirtualServer(server, site);
  if (!vs || server.hasUnresolvedInclude(vs.scope) || !passesClientHost(server, project, vs)) return null;
  const defaults = nginxDefaults(readTogether(servers, server));
  for (const key of listenKeys(vs)) {
    const d = defaults.get(key);
    if (d?.vs === vs)
      return `is the default server for ${key}${d.marked ? " (default_server)" : " (the first that listens there)"}, so it passes requests for any Host`;
  }
  // `server_name ~^(www\.)?(?<domain>.+)$;` (customers' own domains): regex names are tried before the default server.
  const open = vs.names.find((n) => n.startsWith("~") && anyName(n.slice(1)));
  return open ? `matches every name (server_name ${open}), so it passes requests for any Host` : null;
}

/** Names no site lists: a server-name regex that matches all of them matches whatever Host a client sends. */
const FORGED = ["attacker.invalid", "www.evil.example.net", "x", "203.0.113.7"];
const anyName = (regex: string): boolean => {
  const re = pcreToJs(regex, true);
  return re !== null && FORGED.every((n) => re.test(n));
};

/** A server block's address keys (`*:80`, `[::]:443`); none listed is `*:80`. */
const listenKeys = (vs: VirtualServer) => (vs.listens.length ? vs.listens.filter((l) => l.address.unix === null).map((l) => l.address.key) : ["*:80"]);

/** The default server of each address (marked `default_server`, else the first that listens there) of servers read as one, once per group. */
const defaultsOf = new WeakMap<NginxServer, Map<string, { vs: VirtualServer; marked: boolean }>>();
function nginxDefaults(group: NginxServer[]): Map<string, { vs: VirtualServer; marked: boolean }> {
  let m = defaultsOf.get(group[0]);
  if (m) return m;
  m = new Map();
  for (const vs of group.flatMap((s) => s.servers))
    for (const key of listenKeys(vs)) {
      const marked = vs.listens.some((l) => l.address.key === key && l.address.defaultServer);
      const cur = m.get(key);
      if (!cur || (marked && !cur.marked)) m.set(key, { vs, marked });
    }
  for (const s of group) defaultsOf.set(s, m);
  return m;
}

/** Every location that proxies to the project passes the client's Host (proxy_pass needs `proxy_set_header Host $host`; uwsgi/fastcgi pass it). */
function passesClientHost(server: NginxServer, project: DjangoProjectFacts, vs: VirtualServer): boolean {
  let any = false;
  for (const loc of vs.locations) {
    const h = loc.handler;
    if (!("backend" in h) || !server.isAppBackend(h.backend) || !proxiesToProject(server, project, h.backend)) continue;
    if (h.kind === "proxy") {
      const lookup = proxyHeader(server, h.entry, ["host"]);
      const last = lookup.found[lookup.found.length - 1];
      if (lookup.unsure || !last || !CLIENT_HOST.test(last.node.args[1]?.value ?? "")) return false;
    }
    any = true;
  }
  return any;
}

function apacheDefault(servers: AnyServer[], server: ApacheServer, site: Site): string | null {
  const vhost = apacheVhost(server, site);
  if (!vhost || !apachePassesHost(server, vhost)) return null;
  const firsts = apacheDefaults(readTogether(servers, server));
  for (const key of vhostKeys(vhost))
    if (firsts.get(key) === vhost) return `is the first virtual host for ${key}, the default one, so it passes requests for any Host`;
  return null;
}

const vhostKeys = (v: ApacheSection) => v.args.map((a) => a.value.toLowerCase().replace(/^_default_/, "*"));

/** The first virtual host of each address (`*:80`), the one name-based virtual hosting falls back on, of servers read as one, once per group. */
const firstsOf = new WeakMap<ApacheServer, Map<string, ApacheSection>>();
function apacheDefaults(group: ApacheServer[]): Map<string, ApacheSection> {
  let m = firstsOf.get(group[0]);
  if (m) return m;
  m = new Map();
  for (const server of group)
    for (const e of server.sections("VirtualHost")) {
      if (e.active === "no") continue;
      for (const key of vhostKeys(e.node)) if (!m.has(key)) m.set(key, e.node);
    }
  for (const s of group) firstsOf.set(s, m);
  return m;
}

/** mod_wsgi passes the client's Host; a proxy to http:// needs ProxyPreserveHost On. */
function apachePassesHost(server: ApacheServer, vhost: ApacheSection): boolean {
  for (const m of mountsOfHost(server, vhost)) {
    if (m.exclusion || !m.target || (m.target.scheme !== "http" && m.target.scheme !== "ws") || mountActive(server, m) === "no") continue;
    const p = preserveHostFor(server, vhost, m);
    if (!p.on || p.unsure) return false;
  }
  return true;
}

function lighttpdAnyHost(server: LighttpdServer, site: Site): string | null {
  const ctx = lighttpdContext(server, site);
  if (!ctx || /\$HTTP\["host"\]/.test(ctx.label)) return null;
  return 'proxies to Django with no $HTTP["host"] condition, so it passes requests for any Host';
}
