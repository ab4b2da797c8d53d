import type { ArgNode } from "../../src/ast/types.js";
import type { Positioned } from "../../src/core/range.js";
import { mountActive, mountsOfHost } from "../../src/model/apache/proxy.js";
import { preserveHostFor } from "../../src/model/apache/request-headers.js";
import type { ApacheServer } from "../../src/model/apache/server.js";
import type { ApacheSection } from "../../src/ast/apache.js";
import { perHost } from "../../src/model/apache/per-host.js";
import { hostNameArgs } from "../../src/model/apache/wsgi-apps.js";
import type { DjangoProjectFacts } from "../../src/model/django/index.js";
import {
  knownSetting,
  proxiesToProject,
  settingChoice,
  settingRelated,
  settingShown,
  settingTrue,
  shownSite,
  type KnownSetting,
} from "../../src/model/django/sides.js";
import { apacheSiteHost, lighttpdSiteContext } from "../../src/model/django/site-servers.js";
import type { Site } from "../../src/model/django/sites.js";
import { testsField } from "../../src/model/lighttpd/request.js";
import type { LighttpdServer } from "../../src/model/lighttpd/server.js";
import type { LighttpdCondition } from "../../src/ast/lighttpd.js";
import { finiteHostNames } from "../../src/model/django/host-regex.js";
import { serverNameWithPort } from "../../src/model/nginx/addresses.js";
import { proxyHeader } from "../../src/model/nginx/proxy.js";
import { ifCondition } from "../../src/model/nginx/variables.js";
import { configRegex } from "../../src/core/config-regex.js";
import type { NginxServer, VirtualServer } from "../../src/model/nginx/server.js";
import { defineRule, Phrase, shown, type AnyServer } from "../../src/rule-api.js";
import { shownPath } from "../../src/source/quote.js";

/** The hosts Django allows when DEBUG is on and ALLOWED_HOSTS is empty. */
const DEBUG_HOSTS = [".localhost", "127.0.0.1", "[::1]"];
/** nginx values of `proxy_set_header Host` that pass on the name the client asked for. */
const CLIENT_HOST = /^\$(host|http_host|server_name)(:\$server_port|:\$proxy_port)?$/;

export default defineRule({
  dialect: "django",
  meta: {
    id: "django/allowed-hosts-mismatch",
    severity: "error",
    summary: "A name the server routes to the project is not in ALLOWED_HOSTS: every request for it gets 400 Bad Request",
    rationale:
      'Django answers a request whose `Host` no `ALLOWED_HOSTS` entry matches with 400 Bad Request (and, with `DEBUG` off, an `Invalid HTTP_HOST header` line in the log that nobody reads). Its rules: an entry matches the same name (case-insensitively, the port ignored), an entry starting with a dot (`.example.com`) matches the name and every subdomain of it, `*` matches anything (a string in place of the list, `("example.com")` without the comma of a tuple, is gone through character by character, and no name matches a character); an empty list allows only `.localhost`, `127.0.0.1` and `[::1]`, and only while `DEBUG` is on. This checks each name the web server routes to the project (nginx `server_name`, Apache `ServerName`/`ServerAlias`, lighttpd `$HTTP["host"] == "..."`) against the list the settings module serves: a `www.` alias added to the server but not to the settings is the usual case. A wildcard name (`*.example.com`, one per tenant) is reported when no entry allows any name under it (`.example.com` would; `*.example.com` in `ALLOWED_HOSTS` does not: to Django a `*` other than `*` alone is a character of a name). Add the name to `ALLOWED_HOSTS` (or remove it from the server).',
    silentWhen: [
      "nginx: a `server_name` written with a port (`shop.example.com:8080`), which nginx never matches (it compares names with the Host header without its port)",
      "`ALLOWED_HOSTS` (or, when it is empty, `DEBUG`) comes from the environment or cannot be read (say it with `django.assume` when you know it); one an `if` the linter cannot decide chooses between known lists is read, and a name every one of them refuses is reported",
      "the settings do not assign `ALLOWED_HOSTS` at all: before Django 1.5 (and in 1.4.4/1.3.6) the default allowed every host, and a current Django with that default answers nothing, which a team notices",
      "the server block or virtual host is not tied to the project",
      "nginx: a name a server-level `if ($host = name) { return ...; }` (or `~` a regex) answers before any location; with `proxy_set_header Host $server_name` (or `uwsgi_param`/`fastcgi_param HTTP_HOST $server_name`), every name but the block's first (Django only ever sees that one)",
      "an nginx server whose backend a `map $host` picks (one block for several projects): a name is checked against the project its map value reaches, and not at all when a regex key may decide it",
      "the name is a wildcard and ALLOWED_HOSTS allows some of the names under it (`*.example.com` against `shop.example.com`: the others may be meant to be refused; one under which it allows none is reported), the subdomains of nginx's `.example.com` (whose bare `example.com` is checked), another wildcard (`www.example.*`, `*` or `?` elsewhere), a regex whose names cannot be listed (`~^(.+)\\.example\\.com$`; one such as `^(www\\.)?example\\.com$` is checked name by name, in nginx and lighttpd), `_`, `localhost`, or holds a variable",
      "Django does not see the name the server matched: no location of the nginx server that proxies to the project passes `proxy_set_header Host $host` (or `$http_host`), no `ProxyPass` of the Apache virtual host has `ProxyPreserveHost On` (`nginx/proxy-missing-host-header` and `apache/proxy-preserve-host-off` say so), and with `USE_X_FORWARDED_HOST = True` no location sets `X-Forwarded-Host` to the client's host (Apache's mod_proxy sends it unless `ProxyAddHeaders Off`); one that does is enough, since every request for the name through it is refused",
    ],
    seeds: [],
    references: [
      { title: "Django settings: ALLOWED_HOSTS", url: "https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts" },
      { title: "Django security: Host header validation", url: "https://docs.djangoproject.com/en/stable/topics/security/#host-header-validation" },
      { title: "nginx: server_name", url: "https://nginx.org/en/docs/http/server_names.html" },
    ],
    djangoSettings: ["ALLOWED_HOSTS", "USE_X_FORWARDED_HOST", "DEBUG"],
    messages: {
      notAllowed:
        "The server at {{site}} routes '{{name}}' to Django, but {{setting}} does not allow it (ALLOWED_HOSTS {{hosts}}): every request for this name gets 400 Bad Request; add it to ALLOWED_HOSTS",
      noneUnder:
        "The server at {{site}} routes every name under '{{name}}' to Django, but {{setting}} allows none of them (ALLOWED_HOSTS {{hosts}}): every request for those names gets 400 Bad Request; add '.{{suffix}}' (or the names the site serves) to ALLOWED_HOSTS",
      globIsNotWildcard:
        "The server at {{site}} routes every name under '{{name}}' to Django, but {{setting}} allows none of them (ALLOWED_HOSTS {{hosts}}): Django reads '{{glob}}' as a name, not a wildcard (only '*' alone and a leading dot are patterns), so every request for those names gets 400 Bad Request; write '.{{suffix}}' instead",
    },
    djangoCheck: { id: null, note: "It cannot see the server's names; **security.W020** only says when `ALLOWED_HOSTS` is empty." },
  },
  check({ run, fs, report }) {
    for (const project of run.django.projects) {
      if (!project.sites.length) continue;
      const allowed = allowedHosts(project);
      if (!allowed) continue;
      const setting = new Phrase(shownPath(settingShown(project, fs, allowed.setting)));
      const hosts = new Phrase(allowed.shown);
      const related = settingRelated(fs, allowed.setting, "ALLOWED_HOSTS");
      for (const site of project.sites) {
        const server = run.servers.find((s) => s.dialect === site.dialect && s.tree.files.has(site.file));
        if (!server) continue;
        for (const n of namesOf(server, project, site)) {
          const shownAt = () => new Phrase(shownPath(shownSite(run.servers as AnyServer[], fs, project, site)));
          const under = wildcardSuffix(n.name);
          if (under !== null) {
            if (allowed.lists.some((hosts) => hosts.some((p) => allowsSomeUnder(under, p)))) continue;
            // `*.example.com` in the settings too: the same text, which Django does not read as a wildcard.
            const glob = allowed.lists.flat().find((p) => p !== "*" && p.includes("*"));
            const messageId = glob ? "globIsNotWildcard" : "noneUnder";
            report({ messageId, data: { site: shownAt(), name: n.name, suffix: under, setting, hosts, glob: glob ?? "" }, at: n.at, related });
            continue;
          }
          if (!decidable(n.name) || allowed.lists.some((hosts) => hosts.some((p) => matches(n.name, p)))) continue;
          report({ messageId: "notAllowed", data: { site: shownAt(), name: n.name, setting, hosts }, at: n.at, related });
        }
      }
    }
  },
});

/** The patterns Django applies, or null when they cannot be known. */
/**
 * The lists ALLOWED_HOSTS may be (one, unless an `if` the linter cannot decide chose between known ones: a name is
 * refused when every one refuses it), lower-cased, with the setting's place and how the message shows them.
 */
function allowedHosts(project: DjangoProjectFacts): { lists: string[][]; setting: KnownSetting; shown: string } | null {
  const s = knownSetting(project, "ALLOWED_HOSTS");
  // Not set at all: before Django 1.5 (mod_python's era, 1.4.4 and 1.3.6 included) the default allowed every host.
  if (s?.how === "default") return null;
  const choice = s ? null : settingChoice(project, "ALLOWED_HOSTS");
  const values = s ? [s.value] : choice?.values;
  if (!values) return null;
  const read = values.map((v) => hostList(project, v));
  if (!read.every((r): r is NonNullable<typeof r> => r !== null)) return null;
  // Each list quoted (and cut) on its own: `= ["a"] or ["a", "localhost"], as an `if` ... chooses`.
  const lists = read.map((r, i) => shown(i ? r.shown.replace(/^= /, "") : r.shown)).join(" or ");
  return {
    lists: read.map((r) => r.hosts),
    setting: (s ?? choice?.setting) as KnownSetting,
    shown: choice ? `${lists}, as an \`if\` the linter cannot decide chooses` : lists,
  };
}

/** One value of ALLOWED_HOSTS as Django reads it: the names it allows, and how the message shows it. */
function hostList(project: DjangoProjectFacts, value: unknown): { hosts: string[]; shown: string } | null {
  // A string (`("intranet.example.org")`, a tuple without its comma): Django goes through it character by character.
  const text = typeof value === "string" ? value : null;
  const list = text !== null ? [...text] : value;
  if (!Array.isArray(list) || !list.every((x): x is string => typeof x === "string")) return null;
  const shownList = text !== null ? `= ${JSON.stringify(text)}, a string: a name per character` : `= [${list.map((x) => JSON.stringify(x)).join(", ")}]`;
  if (list.length) return { hosts: list.map((x) => x.toLowerCase()), shown: shownList };
  // Empty: DEBUG decides (default False).
  const debug = knownSetting(project, "DEBUG");
  if (!debug) return null;
  const on = debug.how !== "default" && debug.value === true;
  return { hosts: on ? DEBUG_HOSTS : [], shown: `${shownList}${on ? " with DEBUG on: local names only" : ", so with DEBUG off nothing"}` };
}

function wildcardSuffix(name: string): string | null {
  const m = /^\*\.(.+)$/.exec(name);
  return m && decidable(m[1] as string) && (m[1] as string).includes(".") ? (m[1] as string) : null;
}

/**
 * Whether a pattern of ALLOWED_HOSTS matches at least one subdomain of `suffix` (Django's matching, as below). A
 * `*` anywhere but alone is a character of a name to Django (`*.example.com` matches no Host a client can send).
 */
function allowsSomeUnder(suffix: string, pattern: string): boolean {
  if (pattern === "*") return true;
  if (pattern.includes("*")) return false;
  if (pattern.startsWith(".")) {
    const domain = pattern.slice(1);
    return suffix === domain || suffix.endsWith(pattern) || domain.endsWith("." + suffix);
  }
  return pattern.endsWith("." + suffix);
}

/** Django's validate_host / is_same_domain. */
function matches(host: string, pattern: string): boolean {
  if (pattern === "*") return true;
  if (pattern.startsWith(".")) return host.endsWith(pattern) || host === pattern.slice(1);
  return host === pattern;
}

const decidable = (name: string): boolean =>
  name !== "" && name !== "_" && name !== "localhost" && /^[a-z0-9.\-[\]:]+$/.test(name) && !name.startsWith(".") && !name.endsWith(".");

interface NameAt {
  name: string;
  at: Positioned;
}

/** `USE_X_FORWARDED_HOST = True`: Django takes the host from `X-Forwarded-Host` when the proxy sends one. */
const forwardedHostUsed = (project: DjangoProjectFacts) => settingTrue(project, "USE_X_FORWARDED_HOST");

function namesOf(server: AnyServer, project: DjangoProjectFacts, site: Site): NameAt[] {
  if (server.dialect === "nginx") return nginxNames(server, project, site);
  if (server.dialect === "apache") return apacheNames(server, site, forwardedHostUsed(project));
  // lighttpd passes the client's Host on through mod_proxy and FastCGI: the condition's names, at the condition.
  return lighttpdNames(server, site);
}

/** The names at the `$HTTP["host"]` condition that tests them: the site may be a URL condition nested inside (`$HTTP["url"] !~ "^/static/"`). */
function lighttpdNames(server: LighttpdServer, site: Site): NameAt[] {
  let c = lighttpdSiteContext(server, site);
  while (c && !c.blocks.some(testsHost)) c = c.parent ?? undefined;
  const head = c?.blocks[0];
  const at = head ? { file: head.file, range: head.headRange } : site.block;
  return site.names.map((name) => ({ name, at }));
}

const testsHost = (b: LighttpdCondition) => testsField(b.test, "HTTP", "host");

function nginxNames(server: NginxServer, project: DjangoProjectFacts, site: Site): NameAt[] {
  const vs = server.servers.find((v) => v.block.file === site.file && v.block.openRange.start === site.block.range.start);
  if (!vs) return [];
  // Django sees the server's names through any location that hands it the client's Host: one is enough for a name it
  // does not allow to be refused there (a `/ws/` location that sets its own headers, and so drops the server's Host,
  // does not make `/` any safer).
  let proxies = false;
  let passes = false;
  // `proxy_set_header Host $server_name` hands Django the block's first name, whatever the client asked for.
  let passesClient = false;
  /** The host a location hands Django (a header or parameter's value): the client's, the block's first name, or another. */
  const sees = (value: string) => {
    if (!CLIENT_HOST.test(value)) return;
    passes = true;
    if (!/^\$server_name\b/.test(value)) passesClient = true;
  };
  for (const loc of vs.locations) {
    const h = loc.handler;
    if (!("backend" in h)) continue;
    // proxy_pass sends the name written in it as Host unless told otherwise; uwsgi/fastcgi/scgi pass the client's,
    // unless a `uwsgi_param HTTP_HOST` replaces it (nginx then drops the client's header; the last parameter wins).
    if (h.kind !== "proxy") {
      if (!proxiesToProject(server, project, h.backend)) continue;
      proxies = true;
      const eff = server.directivesInEffect(`${h.kind}_param`, h.entry.scope);
      const own = eff.entries.filter((e) => e.node.args[0]?.value.toUpperCase() === "HTTP_HOST");
      const value = own[own.length - 1]?.node.args[1]?.value;
      if (eff.unsure) passes = true;
      // No HTTP_HOST parameter: the client's Host header goes through as it is.
      else sees(value ?? "$host");
      continue;
    }
    if (!proxiesToProject(server, project, h.backend)) continue;
    proxies = true;
    // With USE_X_FORWARDED_HOST, an X-Forwarded-Host the proxy sets is the host Django checks, whatever Host says.
    const headers = forwardedHostUsed(project) ? ["x-forwarded-host", "host"] : ["host"];
    for (const header of headers) {
      const lookup = proxyHeader(server, h.entry, [header]);
      const value = lookup.found[lookup.found.length - 1]?.node.args[1]?.value ?? "";
      if (lookup.unsure || (header === "x-forwarded-host" && !lookup.found.length)) continue;
      sees(value);
      break;
    }
  }
  if (proxies && !passes) return [];
  const out: NameAt[] = [];
  // One server for several projects, a `map $host` picking each name's backend: a name is the project's when its
  // request reaches the project.
  const keyed = vs.locations.flatMap((l) => ("backend" in l.handler && server.targetsForHost(l.handler.backend, "") !== null ? [l.handler.backend] : []));
  const reaches = (name: string) =>
    !keyed.length || keyed.some((b) => (server.targetsForHost(b, name) ?? []).some((t) => proxiesToProject(server, project, t)));
  for (const e of server.directivesIn(vs.scope, "server_name"))
    for (const a of e.node.args) {
      if (serverNameWithPort(a.value)) continue;
      // `~^(www\.)?example\.com$`: each name the regex matches, when they can be listed.
      if (a.value.startsWith("~")) for (const name of finiteHostNames(a.value.slice(1)) ?? []) out.push({ name, at: a });
      // `.example.com` is nginx's "example.com and *.example.com": the exact half is a name like any other.
      else if (/^\.[^.]/.test(a.value)) out.push({ name: a.value.slice(1).toLowerCase(), at: a });
      else out.push(nameAt(a));
    }
  const redirected = answeredBeforeLocations(vs);
  const primaryOnly = passes && !passesClient;
  return out.filter((n, i) => reaches(n.name) && !redirected(n.name) && (!primaryOnly || i === 0));
}

/**
 * The names a server-level `if ($host = name) { return ...; }` (or `~` a regex) answers before any location runs:
 * the `www.` a block redirects to its bare name never reaches Django. Nothing for a condition the linter cannot read.
 */
function answeredBeforeLocations(vs: VirtualServer): (name: string) => boolean {
  const tests: ((name: string) => boolean)[] = [];
  for (const child of vs.scope.children) {
    if (child.kind !== "if" || !child.block || !child.entries.some((e) => e.node.name === "return")) continue;
    const c = ifCondition(child.block);
    if (!c || !/^\$(host|http_host|server_name)$/.test(c.variable)) continue;
    if (c.op === "=") tests.push((name) => name === c.operand.toLowerCase());
    else if (c.op === "~" || c.op === "~*") {
      const re = configRegex(c.operand, c.op === "~*" ? "i" : "");
      if (re) tests.push((name) => re.test(name));
    }
  }
  return (name) => tests.some((t) => t(name));
}

function apacheNames(server: ApacheServer, site: Site, forwardedHost: boolean): NameAt[] {
  const vhost = apacheSiteHost(server, site);
  if (!vhost) return [];
  // As in nginx: one mount that keeps the client's Host is enough for Django to see the names. mod_proxy_http adds the
  // client's Host as X-Forwarded-Host (ProxyAddHeaders, on by default), which Django reads with USE_X_FORWARDED_HOST.
  const addsHeaders = !server.directivesSeenBy("ProxyAddHeaders", vhost).some((e) => e.active !== "no" && e.node.args[0]?.value.toLowerCase() !== "on");
  const { proxies, preserves } = proxiedHost(server, vhost);
  if (proxies && !preserves && !(forwardedHost && addsHeaders)) return [];
  return hostNameArgs(server, vhost).map((a) => nameAt(a, true));
}

const proxiedHosts = perHost<{ proxies: boolean; preserves: boolean }>();
/**
 * Whether the virtual host proxies over HTTP, and whether a mount keeps the client's Host: once per host, which
 * is a site of every project its applications run (a host of hundreds of applications asked it hundreds of times).
 */
function proxiedHost(server: ApacheServer, vhost: ApacheSection): { proxies: boolean; preserves: boolean } {
  return proxiedHosts(server, vhost, () => {
    const known = { proxies: false, preserves: false };
    for (const m of mountsOfHost(server, vhost)) {
      if (m.exclusion || !m.target || (m.target.scheme !== "http" && m.target.scheme !== "ws") || mountActive(server, m) === "no") continue;
      known.proxies = true;
      const p = preserveHostFor(server, vhost, m);
      if (p.on && !p.unsure) known.preserves = true;
    }
    return known;
  });
}

function nameAt(a: ArgNode, apache = false): NameAt {
  let name = a.value.toLowerCase();
  if (apache) name = name.replace(/^[a-z]+:\/\//, "").replace(/:\d+$/, "");
  return { name, at: a };
}
