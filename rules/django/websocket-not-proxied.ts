import type { Positioned } from "../../src/core/range.js";
import { backendsOf, isAppBackend, mountActive, mountsOfHost, type ProxyMount } from "../../src/model/apache/proxy.js";
import type { ApacheServer } from "../../src/model/apache/server.js";
import { shadowedMounts } from "../../src/model/apache/proxy-index.js";
import type { DjangoProjectFacts } from "../../src/model/django/index.js";
import { PythonReader } from "../../src/model/django/settings.js";
import { proxyBackend } from "../../src/model/django/server-refs.js";
import { knownSetting, proxiesToProject, settingShown, shownSite, type KnownSetting } from "../../src/model/django/sides.js";
import { apacheSiteHost, lighttpdSiteContext, nginxSiteServer, projectLocations, serverOfSite, settingRelated } from "../../src/model/django/site-servers.js";
import { listensAt, type Site } from "../../src/model/django/sites.js";
import type { AppServer, Listen } from "../../src/model/django/app-servers/types.js";
import { mountAssignment, proxyMounts as lighttpdMounts, upgradeEnabled, type LighttpdProxyMount } from "../../src/model/lighttpd/proxy.js";
import { hostContextOf, isWithin, testsField } from "../../src/model/lighttpd/request.js";
import type { LighttpdContext, LighttpdServer } from "../../src/model/lighttpd/server.js";
import { isLoopback } from "../../src/model/nginx/addresses.js";
import { isRootLocation, passBlock } from "../../src/model/nginx/proxy.js";
import type { NginxServer, VirtualServer } from "../../src/model/nginx/server.js";
import { upgradeSetup } from "../../src/model/nginx/websocket.js";
import { defineRule, Phrase, type AnyServer } from "../../src/rule-api.js";
import type { FsFacade } from "../../src/load/fs-facade.js";
import { shownPath } from "../../src/source/quote.js";

/** A path that names a websocket endpoint (Channels' `/ws/`, Socket.IO). */
const WS_PATH = /(^|\/)(ws|wss|websockets?|socket\.io|cable)(\/|$)/i;

/** App servers that speak ASGI, hence websockets, whatever their options. */
const ASGI_SERVERS = new Set(["daphne", "uvicorn", "hypercorn", "granian"]);

/** An app server that speaks ASGI: daphne and the like, or one serving an `asgi` module (gunicorn's uvicorn workers). */
const speaksAsgi = (s: AppServer) => ASGI_SERVERS.has(s.kind) || /(^|\.)asgi(:|$)/.test(s.app?.value ?? "");

/**
 * The project's ASGI servers the run holds: websockets then go to where they
 * listen, and an upgrade to another address (the project's WSGI server, a Node
 * service beside the project) is not one Django can answer. Without one
 * (gunicorn, uWSGI, none) the ASGI server may be outside the run, and any
 * application backend counts (null).
 */
function asgiInRun(project: DjangoProjectFacts): AppServer[] | null {
  const asgi = project.appServers.filter((s) => speaksAsgi(s) && s.listen.length > 0);
  return asgi.length ? asgi : null;
}

/** Where app servers listen, as the messages name it: `host:port`, `unix:/path` (descriptors left out). */
const listenedAt = (listens: Listen[]): string[] =>
  listens.flatMap((l) => (l.address !== undefined ? [l.address] : l.socket !== undefined ? [`unix:${l.socket}`] : []));

/** What a site says about upgrading: it does somewhere, the linter cannot tell, it proxies without (and where), or it does not proxy over HTTP at all. */
type SiteUpgrade =
  { kind: "upgrades" } | { kind: "unsure" } | { kind: "missing"; at: Positioned; elsewhere?: { target: string; asgi: string } } | { kind: "none" };

const placeOf = (at: Positioned) => `${at.file}\0${at.range.start}`;

export default defineRule({
  dialect: "django",
  meta: {
    id: "django/websocket-not-proxied",
    severity: "warning",
    summary: "The project serves websockets (Django Channels) but no server location that proxies to it upgrades connections",
    rationale:
      'A Channels project routes `websocket` connections in its ASGI application (`ProtocolTypeRouter({"http": ..., "websocket": ...})`). The handshake is an HTTP/1.1 `Upgrade`, which is hop-by-hop: a proxy drops it unless told to pass it. nginx needs `proxy_http_version 1.1;`, `proxy_set_header Upgrade $http_upgrade;` and `proxy_set_header Connection "upgrade";` (or a `map` of `$http_upgrade`) in a location that proxies to the project; Apache a `ws://` `ProxyPass` (mod_proxy_wstunnel) or `upgrade=websocket` on the `ProxyPass` (httpd 2.4.47 and later); lighttpd `proxy.header = ( "upgrade" => "enable" )`. When none of the project\'s sites does it, every websocket fails to connect (the browser sees 400 or 200 instead of 101) and the pages that depend on it (chat, notifications, live updates) stay silent.\n\nThe rule fires once per site that proxies to the project over HTTP, at the location for a websocket path when there is one (`/ws/`), else at its catch-all, and names the setting that shows the project serves websockets.\n\n### Django\'s side\n\n`check --deploy` has no check for this: it cannot see the proxy.',
    silentWhen: [
      "`ASGI_APPLICATION` comes from the environment, or its module (when it can be read) does not route `websocket` (when it cannot be read, `channels` in `INSTALLED_APPS` counts); when it is not set, the module the project's ASGI server of the run runs (`daphne proj.asgi:application`) does not route `websocket`, or no ASGI server of the project is in the run",
      "any site of the project upgrades connections somewhere to an application server (websockets may be served from that one only); when the run holds the project's ASGI server (daphne, uvicorn, hypercorn, granian, or gunicorn serving an `asgi` module with uvicorn's workers), only an upgrade to an address it listens on counts: one to another service (a Node socket.io beside the project) or to the project's WSGI server (gunicorn's sync workers beside daphne) does not",
      "a site reaches the project only through uwsgi_pass/fastcgi_pass or mod_wsgi (no HTTP proxy to upgrade)",
      "an include that cannot be read may hold the upgrade, or `proxy.header` cannot be read",
    ],
    seeds: [],
    references: [
      { title: "Channels: Deploying", url: "https://channels.readthedocs.io/en/stable/deploying.html" },
      { title: "nginx: WebSocket proxying", url: "https://nginx.org/en/docs/http/websocket.html" },
      { title: "Apache HTTP Server 2.4: mod_proxy, Protocol Upgrade", url: "https://httpd.apache.org/docs/2.4/mod/mod_proxy.html#protoupgrade" },
      { title: "lighttpd: mod_proxy, proxy.header", url: "https://redmine.lighttpd.net/projects/lighttpd/wiki/Docs_ModProxy" },
    ],
    djangoSettings: ["ASGI_APPLICATION", "INSTALLED_APPS"],
    messages: {
      nginx:
        "{{setting}} serves websockets ({{why}}), but the server at {{site}} proxies to Django without upgrading connections, and no other site of the project does: websockets never connect; add 'proxy_http_version 1.1;', 'proxy_set_header Upgrade $http_upgrade;' and 'proxy_set_header Connection \"upgrade\";'",
      apache:
        "{{setting}} serves websockets ({{why}}), but the virtual host at {{site}} proxies to Django without upgrading connections, and no other site of the project does: websockets never connect; add 'upgrade=websocket' to the ProxyPass (httpd 2.4.47+) or a ws:// ProxyPass for the websocket path",
      nginxElsewhere:
        "{{setting}} serves websockets ({{why}}) from its ASGI server at {{asgi}}, but the server at {{site}} upgrades connections only to {{target}}, where it does not listen, and no other site of the project upgrades to it: Django's websockets never connect; proxy Django's websocket path to {{asgi}}, with the upgrade headers",
      apacheElsewhere:
        "{{setting}} serves websockets ({{why}}) from its ASGI server at {{asgi}}, but the virtual host at {{site}} upgrades connections only to {{target}}, where it does not listen, and no other site of the project upgrades to it: Django's websockets never connect; proxy Django's websocket path to {{asgi}} (a ws:// ProxyPass, or upgrade=websocket)",
      lighttpd:
        '{{setting}} serves websockets ({{why}}), but lighttpd at {{site}} proxies to Django without \'proxy.header = ( "upgrade" => "enable" )\', and no other site of the project upgrades: websockets never connect',
    },
    absence: ["nginx", "apache", "lighttpd"],
    djangoCheck: {
      id: null,
      note: "None matches: Channels' checks look at the routing in the settings, not at whether the server in front upgrades connections.",
    },
  },
  check({ run, fs, report }) {
    for (const project of run.django.projects) {
      if (!project.sites.length) continue;
      const ws = servesWebsockets(project, fs);
      if (!ws) continue;
      const states = project.sites.map((site) => ({ site, state: siteUpgrade(run.servers as AnyServer[], project, site) }));
      if (states.some((s) => s.state.kind === "upgrades" || s.state.kind === "unsure")) continue;
      const setting = new Phrase(shownPath(settingShown(project, fs, ws.setting)));
      const related = settingRelated(fs, project, ws.setting, `ASGI_APPLICATION: ${ws.why}`);
      // Sites that share the place to report (lighttpd conditions of one host) are reported there once.
      const reported = new Set<string>();
      for (const { site, state } of states) {
        if (state.kind !== "missing") continue;
        const place = placeOf(state.at);
        if (reported.has(place)) continue;
        reported.add(place);
        const data = { setting, why: new Phrase(ws.why), site: new Phrase(shownPath(shownSite(run.servers as AnyServer[], fs, project, site))) };
        if (state.elsewhere)
          report({
            messageId: site.dialect === "apache" ? "apacheElsewhere" : "nginxElsewhere",
            data: { ...data, target: state.elsewhere.target, asgi: state.elsewhere.asgi },
            at: state.at,
            related,
          });
        else report({ messageId: site.dialect, data, at: state.at, related });
      }
    }
  },
});

/** Whether the project serves websockets, and the setting and words that say so; null when it does not or cannot be known. */
function servesWebsockets(project: DjangoProjectFacts, fs: FsFacade): { setting: KnownSetting & { how: "read" | "assumed" }; why: string } | null {
  const roots = project.root ? [project.root] : [];
  // The router is what serves websockets; Channels installed for its channel layers alone does not.
  const routes = (module: string) => {
    const found = module ? new PythonReader(fs, roots).findModule(module) : null;
    const text = found ? fs.read(found.file).text : undefined;
    return text === undefined ? undefined : /ProtocolTypeRouter/.test(text) && /["']websocket["']\s*:/.test(text);
  };
  const asgi = knownSetting(project, "ASGI_APPLICATION");
  const apps = knownSetting(project, "INSTALLED_APPS");
  if (!asgi || asgi.how === "default" || typeof asgi.value !== "string") {
    // No ASGI_APPLICATION (only runserver reads it): the module the project's ASGI server runs (`daphne proj.asgi:application`).
    if (!apps || apps.how === "default") return null;
    for (const s of asgiInRun(project) ?? []) {
      const module = s.app?.value.split(":")[0];
      if (module && !s.app?.uncertain && routes(module))
        return { setting: apps, why: `${module}, which ${s.kind} runs, routes "websocket" in its ProtocolTypeRouter` };
    }
    return null;
  }
  const module = asgi.value.split(":")[0].split(".").slice(0, -1).join(".");
  const routed = routes(module);
  if (routed !== undefined) return routed ? { setting: asgi, why: `${module} routes "websocket" in its ProtocolTypeRouter` } : null;
  if (apps && apps.how !== "default" && Array.isArray(apps.value) && apps.value.includes("channels"))
    return { setting: asgi, why: "channels is in INSTALLED_APPS" };
  return null;
}

function siteUpgrade(servers: AnyServer[], project: DjangoProjectFacts, site: Site): SiteUpgrade {
  const server = serverOfSite(servers, site);
  if (server?.dialect === "nginx") return nginxUpgrade(server, project, site);
  if (server?.dialect === "apache") return apacheUpgrade(server, project, site);
  if (server?.dialect === "lighttpd") return lighttpdUpgrade(server, project, site);
  return { kind: "none" };
}

function nginxUpgrade(server: NginxServer, project: DjangoProjectFacts, site: Site): SiteUpgrade {
  const vs = nginxSiteServer(server, site);
  if (!vs) return { kind: "none" };
  // Websockets may go to an ASGI server of the project that the run does not hold (daphne beside gunicorn): any application backend counts.
  const asgi = asgiInRun(project);
  // The site's locations that proxy to an application backend: where an upgrade that misses the ASGI server goes.
  const proxied = vs.locations.filter(
    (l) => l.handler.kind === "proxy" && "backend" in l.handler && !l.handler.entry.node.incomplete && server.isAppBackend(l.handler.backend),
  );
  // A site tied to the project whose locations reach none of its servers (a socket renamed under all of them) is still its site.
  const reaching = projectLocations(server, vs, project).filter((l) => l.handler.kind === "proxy");
  const locs = reaching.length ? reaching : asgi ? proxied : [];
  if (!locs.length) return { kind: "none" };
  const upgrading = vs.locations.filter(
    (l) =>
      l.handler.kind === "proxy" &&
      "backend" in l.handler &&
      !l.handler.entry.node.incomplete &&
      server.isAppBackend(l.handler.backend) &&
      (!asgi || proxiesToProject(server, project, l.handler.backend, asgi)),
  );
  let unsure = false;
  for (const loc of upgrading) {
    const h = loc.handler as Extract<typeof loc.handler, { backend: unknown }>;
    const setup = upgradeSetup(server, h.entry.scope);
    if (setup.httpVersion && setup.upgrade && setup.connection) return { kind: "upgrades" };
    if (setup.unsure) unsure = true;
  }
  if (unsure) return { kind: "unsure" };
  // An upgrade elsewhere: to the project's other server (gunicorn's port beside daphne's), to a socket nothing listens
  // on, or to another service (a Node socket.io); the message names it. The finding stays at the project's location
  // that upgrades (its WSGI server's), else its websocket path or catch-all.
  const upgrades = (l: (typeof proxied)[number]) => {
    const setup = upgradeSetup(server, (l.handler as Extract<typeof l.handler, { backend: unknown }>).entry.scope);
    return setup.httpVersion && setup.upgrade && setup.connection;
  };
  const elsewhere = asgi ? proxied.find(upgrades) : undefined;
  const at =
    (elsewhere && (locs.includes(elsewhere) || (asgi && ownWebsocketPath(server, elsewhere, asgi))) ? elsewhere : undefined) ??
    locs.find((l) => WS_PATH.test(l.path.replace(/\\/g, ""))) ??
    locs.find(isRootLocation) ??
    locs[0];
  const pass = at.handler as Extract<typeof at.handler, { backend: unknown }>;
  const place = passBlock(pass.entry) ?? { file: at.block.file, range: at.block.openRange };
  if (!elsewhere || !asgi) return { kind: "missing", at: place };
  const other = (elsewhere.handler as Extract<typeof elsewhere.handler, { backend: unknown }>).backend;
  const asgiAt = listenedAt(asgi.flatMap((s) => s.listen));
  const reached = server.addressesOf(other).map((a) => (a.unix !== null ? `unix:${a.unix}` : `${a.host ?? ""}:${a.port ?? 80}`));
  const written = other.arg.value;
  const target = reached.length && !reached.every((r) => written.includes(r)) ? `${written} (${reached.join(", ")})` : written;
  return { kind: "missing", at: place, elsewhere: { target, asgi: asgiAt.join(", ") } };
}

/**
 * A websocket location whose upgrade went astray from the project's ASGI server rather than to another service: its
 * backend names the server (`unix:/run/daphne/app.sock` beside daphne's `app-ws.sock`) or sits in the directory of
 * its socket. The finding belongs there, not at the catch-all.
 */
function ownWebsocketPath(server: NginxServer, loc: VirtualServer["locations"][number], asgi: AppServer[]): boolean {
  if (!WS_PATH.test(loc.path.replace(/\\/g, "")) || !("backend" in loc.handler)) return false;
  const written = loc.handler.backend.arg.value.toLowerCase();
  const dirs = asgi.flatMap((s) => s.listen.flatMap((l) => (l.socket ? [l.socket.slice(0, l.socket.lastIndexOf("/") + 1)] : [])));
  return (
    asgi.some((s) => written.includes(s.kind)) ||
    server.addressesOf(loc.handler.backend).some((a) => a.unix !== null && dirs.some((d) => a.unix!.startsWith(d)))
  );
}

const UPGRADING = new Set(["ws", "wss"]);

function apacheUpgrade(server: ApacheServer, project: DjangoProjectFacts, site: Site): SiteUpgrade {
  const vhost = apacheSiteHost(server, site);
  if (!vhost) return { kind: "none" };
  // A mount another serves first (`ProxyPass /ws/ ws://...` after `ProxyPass / http://...`) upgrades nothing.
  const shadowed = new Set(shadowedMounts(server).map((x) => x.mount));
  const mounts = mountsOfHost(server, vhost).filter(
    (m) => m.via !== "BalancerMember" && !m.exclusion && m.target && mountActive(server, m) !== "no" && !shadowed.has(m),
  );
  const app = mounts.filter((m) => backendsOf(server, m.target!).some((b) => isAppBackend(b) && (b.scheme === "http" || UPGRADING.has(b.scheme ?? ""))));
  if (!app.length) return { kind: "none" };
  const listens = (asgiInRun(project) ?? []).flatMap((s) => s.listen);
  const toProject = (m: ProxyMount) =>
    !listens.length ||
    backendsOf(server, m.target!).some((b) => {
      const ref = proxyBackend(b.url);
      return ref !== null && listens.some((l) => listensAt(l, ref));
    });
  if (app.some((m) => (UPGRADING.has(m.target!.scheme ?? "") || m.params.has("upgrade")) && toProject(m))) return { kind: "upgrades" };
  if (server.unseenAt({ file: vhost.file, range: vhost.openRange }) || app.some((m) => mountActive(server, m) !== "yes")) return { kind: "unsure" };
  const wsMount = app.find((m: ProxyMount) => m.path !== null && WS_PATH.test(m.path) && toProject(m));
  const at = wsMount ? wsMount.entry.node : { file: vhost.file, range: vhost.openRange };
  // An upgrading mount to another address than the ASGI server's (a port that drifted, another service): the message names it.
  const astray = listens.length ? app.find((m) => UPGRADING.has(m.target!.scheme ?? "") || m.params.has("upgrade")) : undefined;
  if (!astray) return { kind: "missing", at };
  return { kind: "missing", at, elsewhere: { target: astray.target!.url, asgi: listenedAt(listens).join(", ") } };
}

function lighttpdUpgrade(server: LighttpdServer, project: DjangoProjectFacts, site: Site): SiteUpgrade {
  const own = lighttpdSiteContext(server, site);
  if (!own) return { kind: "none" };
  // The host the site is named by, with every condition inside it that proxies (`$HTTP["url"] =~ "^/ws/"` beside its
  // `else`): one place to report for the host, as for an nginx server block's locations.
  const ctx = hostContextOf(own) ?? own;
  const asgi = asgiInRun(project);
  const reaches = (m: LighttpdProxyMount, listens: Listen[]) =>
    m.backends.some((b) => {
      if (!listens.length) return b.socket !== null || (b.host !== null && isLoopback(b.host));
      const ref =
        b.socket !== null ? { address: null, socket: b.socket, local: true } : { address: `${b.host ?? ""}:${b.port ?? 80}`, socket: null, local: true };
      return listens.some((l) => listensAt(l, ref));
    });
  const all = lighttpdMounts(server).filter((m) => isWithin(m.context, ctx));
  const mounts = all.filter((m) =>
    reaches(
      m,
      project.appServers.flatMap((s) => s.listen),
    ),
  );
  if (!mounts.length) return { kind: "none" };
  const states = (
    asgi
      ? all.filter((m) =>
          reaches(
            m,
            asgi.flatMap((s) => s.listen),
          ),
        )
      : all
  ).map((m) => upgradeEnabled(server, m.context));
  if (states.includes("yes")) return { kind: "upgrades" };
  if (states.includes("unknown")) return { kind: "unsure" };
  const m = mounts.find((x) => WS_PATH.test(x.key) || testsWebsocketUrl(x.context)) ?? mounts[0];
  return { kind: "missing", at: mountAssignment(m) ?? m.entry.node };
}

/** A context entered for a websocket path (`$HTTP["url"] =~ "^/ws/"`, `=^ "/ws/"`). */
function testsWebsocketUrl(ctx: LighttpdContext): boolean {
  return ctx.blocks.some((b) => {
    const p = b.test?.pattern;
    return (
      testsField(b.test, "HTTP", "url") &&
      ["==", "=~", "=^"].includes(b.test?.op ?? "") &&
      !!p &&
      "type" in p &&
      p.type === "string" &&
      WS_PATH.test(p.value.replace(/[\\^$]/g, ""))
    );
  });
}
