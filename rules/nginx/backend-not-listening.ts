import type { ApacheServer } from "../../src/model/apache/server.js";
import { apacheListens, listenAccepts } from "../../src/model/apache/listen.js";
import type { AppServer } from "../../src/model/django/app-servers/types.js";
import type { BackendRef } from "../../src/model/django/server-refs.js";
import { listenersAt, pythonPlace, shownAppServerLine, shownListen } from "../../src/model/django/site-servers.js";
import { isLoopback } from "../../src/model/nginx/addresses.js";
import { djangoEvidence, isRootLocation } from "../../src/model/nginx/proxy.js";
import type { NginxServer, VirtualServer } from "../../src/model/nginx/server.js";
import type { ArgNode } from "../../src/ast/types.js";
import { defineRule, Phrase, type AnyServer } from "../../src/rule-api.js";
import { isOpaque } from "../../src/template/placeholder.js";

/** A local backend address a pass directive reaches: loopback TCP or a unix socket. */
interface Target {
  ref: BackendRef;
  shown: string;
  arg: ArgNode;
  kind: string;
  /** The TCP host and port, for Apache's Listen. */
  host: string | null;
  port: number | null;
  /** The upstream it is a `server` of: its other servers run the same application. */
  upstream: object | null;
  /** The pass directive's backend: the targets of one pass (a `map` picking among them) serve the same requests. */
  pass: object;
  /** Passed to from `location /`, which takes every request no other location does. */
  root: boolean;
}

/** The app servers' kinds, as a backend's name may say them. */
const APP_KINDS = ["gunicorn", "uwsgi", "uvicorn", "daphne", "hypercorn", "granian"];

/** A FastCGI socket or port of PHP-FPM: another application than the run's Python servers. */
const PHP = /php|fpm/i;

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/backend-not-listening",
    severity: "warning",
    summary: "nginx proxies to a local address where the Apache or application server linted with it does not listen",
    rationale:
      "In the nginx-in-front-of-Apache setup, nginx forwards to the address Apache's `Listen` binds (`127.0.0.1:9000`); in today's setup, to the address or unix socket gunicorn, uWSGI, uvicorn or daphne binds (`--bind unix:/run/gunicorn.sock`, `socket = 127.0.0.1:3031`). When the two sides disagree, after a port change on one side, a typo, or a socket moved to another directory, nginx answers 502 Bad Gateway for every dynamic page. Lint both configurations in one run and this rule compares them: Apache's `Listen`, and the addresses of the application-server configurations (uWSGI ini, gunicorn configuration, systemd units, Procfiles, supervisor programs), with TCP addresses compared as the kernel does (`localhost` and `127.0.0.1` are one host, `0.0.0.0:8000` accepts `127.0.0.1:8000`).",
    silentWhen: [
      "no Apache or application-server configuration is linted in the same run, or none has an address the linter can read (an address from a file descriptor or a variable, or one the environment may change: `os.environ.get('GUNICORN_BIND', default)` when the unit that starts it does not set the variable)",
      "the backend is not on this machine (not a loopback address or a unix socket), or contains variables (other than one a literal `set` or a `map` of literal values gives) or a template expression (`unix:/run/{{ app }}/gunicorn.sock`)",
      "with app servers only: the server block reaches one of them elsewhere and this backend is neither uwsgi_pass, nor a `server` of an upstream whose other server one of them listens at, nor another value of a `map` whose other value reaches one of them, nor named after the kind of an app server of the run that the block reaches nowhere (`unix:/run/daphne/app.sock` beside daphne's `app-ws.sock`) (it may be another service), the backend speaks a protocol no app server of the run speaks, or nothing says the block is a Django one (a uwsgi_pass, a backend named after gunicorn/uwsgi/django, `/admin/` beside `/static/`, `/static/` and `/media/` both served from disk, a location serving files from a project's checkout), unless it is the only local backend nginx has (when other nginx files of the run pass elsewhere, only if the block also serves `/static/` from disk)",
      "with app servers only: the block reaches none of them and passes to several backends, and this one is not what `location /` passes to (Celery's Flower or an exporter under a prefix of its own beside Django's drifted socket)",
      "a FastCGI backend whose socket or upstream names PHP or FPM",
      "with app servers only: nginx itself listens there (a server block of the same configuration: the maintenance page an upstream's `backup` server names)",
      'a Compose service whose build context holds the app server\'s configuration publishes the address to the container port it listens on (`ports: ["127.0.0.1:8081:8000"]`)',
      "an application-server file the run does not hold listens there, beside the configuration (in its directory or up to two above it, not above the project's or repository's root, with their subdirectories: a pre-commit run of the files a commit changed, `deploy/staging/nginx/site.conf` linted without `deploy/staging/systemd/site.service`)",
    ],
    seeds: [{ seed: "004", section: "Listen 127.0.0.1:9000" }],
    messages: {
      notListening:
        "nginx sends requests to {{address}}, but the Apache configuration linted with it listens on {{listens}}: every request through here gets 502 Bad Gateway",
      noAppServer:
        "nginx sends requests to {{address}}, but no application server linted with it listens there ({{listens}}): every request through here gets 502 Bad Gateway",
      upstreamServerDown:
        "nginx balances requests over {{address}}, a server of an upstream whose other servers reach the application, but no application server linted with it listens there ({{listens}}): nginx tries it, logs the refused connection and retries elsewhere, and when the others are down too the request gets 502 Bad Gateway; remove it or start the server it names",
    },
  },
  check({ server, run, fs, report }) {
    const apaches = run.servers.filter((s): s is ApacheServer => s.dialect === "apache");
    const listens = apaches.flatMap((a) => apacheListens(a));
    // The Django side is read only when the run has app-server files.
    const appServers = run.appServerFiles.length ? (run.django.appServers ?? []) : [];
    const appListens = appServers.flatMap((s) => s.listen);
    // An app server bound to a descriptor a supervisor hands over, or to an address its environment may change
    // (`bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")`), could be listening anywhere.
    const appKnown = appListens.length > 0 && appListens.every((l) => l.fd === undefined && l.uncertain === undefined);
    if (!listens.length && !appKnown) return;
    const apacheAccepts = (t: Target) => t.host !== null && t.port !== null && listens.some((l) => listenAccepts(l, t.host as string, t.port as number));
    const seen = new Set<string>();
    const once = (t: Target) => {
      const key = `${t.arg.file}:${t.arg.range.start}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    // Apache behind nginx (seed 004): every loopback proxy_pass should reach its Listen.
    if (listens.length) {
      const shown = [...new Set(listens.map((l) => l.arg.value))].join(", ");
      for (const vs of server.servers)
        for (const t of targets(server, vs)) {
          if (t.kind !== "proxy" || t.host === null || apacheAccepts(t) || (appKnown && listenersAt(appServers, t.ref).length) || !once(t)) continue;
          report({ messageId: "notListening", data: { address: t.shown, listens: shown }, at: t.arg });
        }
    }
    if (!appKnown) return;
    // An app-server file beside the run's that the run left out (a pre-commit run of the changed files) listens there.
    const besideRunListens = (t: Target) =>
      (run.django.appServersBeside?.(t.arg.file) ?? []).some((s) => listenersAt([s], t.ref).length > 0) ||
      // A container's port the host publishes (Compose `ports: ["127.0.0.1:8081:8000"]`) where the app server listens inside.
      (run.django.publishedListens?.() ?? []).some((p) => listenersAt([{ ...p.server, listen: [p.listen] }], t.ref).length > 0);
    const shownListens = new Phrase(appListens.map((l) => `${shownListen(l)} (${shownAppServerLine(fs, null, l.at)})`).join(", "));
    // The checkouts of the run's projects, where they are deployed: a block serving files from one is that project's.
    const projectRoots = run.django.projects.flatMap((p) => (p.root && p.root.length > 1 ? [p.root.replace(/\/+$/, "")] : []));
    // The only local backend this nginx has; when the run's other nginx files (site files linted without their
    // nginx.conf are servers of their own) pass elsewhere, a block that shows nothing of Django may be another service's.
    const onlyOneHere = new Set(server.servers.flatMap((vs) => targets(server, vs).map((t) => t.shown))).size === 1;
    const onlyOneInRun = onlyOneHere && localBackendsOf(run.servers) === 1;
    // The protocols the app servers speak: an unreached backend that speaks another one is some other service's.
    const spoken = new Set<string>(appListens.map((l) => (l.protocol === "https" ? "proxy" : l.protocol === "http" ? "proxy" : l.protocol)));
    // nginx's own server blocks answer where they listen (a maintenance page on 127.0.0.1:8099, an upstream's backup).
    const ownListens = server.servers.flatMap((vs) => vs.listens.map((l) => l.address));
    const nginxAccepts = (t: Target) =>
      ownListens.some((a) =>
        a.unix !== null
          ? a.unix === t.ref.socket
          : t.host !== null && a.port === t.port && (a.host === "*" || a.host === "[::]" || a.host === t.host || (isLoopback(a.host) && isLoopback(t.host))),
      );
    for (const vs of server.servers) {
      const ts = targets(server, vs).filter((t) => !(t.kind === "fastcgi" && PHP.test(t.arg.value)) && !apacheAccepts(t) && !nginxAccepts(t));
      const listened = new Set(ts.filter((t) => listenersAt(appServers, t.ref).length > 0));
      const reached = listened.size > 0;
      const django =
        !reached &&
        (onlyOneInRun ||
          (onlyOneHere && servesStatic(vs)) ||
          djangoEvidence(server, vs) !== null ||
          servesStaticAndMedia(vs) ||
          servesFromProject(server, vs, projectRoots));
      // An upstream one of whose servers an app server of the run listens at balances that application: its other
      // servers are meant to run it too (nginx marks the dead ones failed and logs every retry).
      const appUpstreams = new Set([...listened].filter((t) => t.upstream).map((t) => t.upstream));
      // A pass one of whose targets an app server listens at (`proxy_pass http://$pool;`, a `map` picking the pool)
      // sends the same requests to its other targets.
      const appPasses = new Set([...listened].map((t) => t.pass));
      // App servers of the run that no backend of the block reaches: a backend named after one of their kinds
      // (`unix:/run/daphne/app.sock` beside daphne's `app-ws.sock`) is theirs, drifted. Asked only for a backend that
      // names a kind (a fleet of blocks with thousands of app servers never walks them per block).
      let unreachedKinds: Set<string> | undefined;
      const namesUnreached = (t: Target) => {
        const named = APP_KINDS.filter((k) => new RegExp(`(^|[^a-z])${k}([^a-z]|$)`, "i").test(t.shown));
        if (!named.length) return false;
        if (!unreachedKinds) {
          const reached = new Set([...listened].flatMap((x) => listenersAt(appServers, x.ref).map((l) => l.server)));
          unreachedKinds = new Set(appServers.filter((a) => !reached.has(a) && a.listen.length).map((a) => a.kind));
        }
        return named.some((k) => unreachedKinds?.has(k));
      };
      // Several backends and none an app server of the run listens at: the one `location /` passes to is the Django one
      // that drifted, the others (Flower, an exporter, under prefixes of their own) are other services'.
      const several = new Set(ts.map((t) => t.shown)).size > 1;
      for (const t of ts) {
        const sameApp = t.upstream !== null && appUpstreams.has(t.upstream) && spoken.has(t.kind);
        const samePass = appPasses.has(t.pass) && spoken.has(t.kind);
        const named = spoken.has(t.kind) && namesUnreached(t);
        if (
          listened.has(t) ||
          !(t.kind === "uwsgi" || sameApp || samePass || named || (django && (!several || t.root) && spoken.has(t.kind))) ||
          besideRunListens(t) ||
          !once(t)
        )
          continue;
        // In a reached upstream the other servers answer: not every request fails.
        const messageId = sameApp ? "upstreamServerDown" : "noAppServer";
        report({ messageId, data: { address: t.shown, listens: shownListens }, at: t.arg, related: related(fs, appServers) });
      }
    }
  },
});

/** How many local backends the nginx servers of a run pass to, counted once a run. */
const backendCounts = new WeakMap<readonly AnyServer[], number>();
function localBackendsOf(servers: readonly AnyServer[]): number {
  let n = backendCounts.get(servers);
  if (n === undefined) {
    const shown = new Set<string>();
    for (const s of servers) if (s.dialect === "nginx") for (const vs of s.servers) for (const t of targets(s, vs)) shown.add(t.shown);
    backendCounts.set(servers, (n = shown.size));
  }
  return n;
}

/** The local addresses a server block's pass directives reach, each with the argument that names it (the upstream's `server` line when there is one). */
function targets(server: NginxServer, vs: VirtualServer): Target[] {
  const out: Target[] = [];
  for (const loc of vs.locations) {
    const h = loc.handler;
    if (!("backend" in h) || h.entry.node.incomplete || h.kind === "grpc") continue;
    for (const target of server.targetsOf(h.backend)) {
      const upstream = server.upstreamOf(target);
      for (const a of server.addressesOf(target)) {
        // A template's `unix:/run/{{ app }}/gunicorn.sock`: where it renders to cannot be known.
        if (a.unix !== null && isOpaque(a.unix)) continue;
        if (a.unix !== null)
          out.push({
            ref: { address: null, socket: a.unix, local: true },
            shown: `unix:${a.unix}`,
            arg: a.arg,
            kind: h.kind,
            host: null,
            port: null,
            upstream,
            pass: h.backend,
            root: isRootLocation(loc),
          });
        else if (a.host !== null && a.port !== null && isLoopback(a.host))
          out.push({
            ref: { address: `${a.host}:${a.port}`, socket: null, local: true },
            shown: `${a.host}:${a.port}`,
            arg: a.arg,
            kind: h.kind,
            host: a.host,
            port: a.port,
            upstream,
            pass: h.backend,
            root: isRootLocation(loc),
          });
      }
    }
  }
  return out;
}

function related(fs: Parameters<typeof pythonPlace>[0], servers: AppServer[]) {
  return servers.flatMap((s) => s.listen.map((l) => ({ at: pythonPlace(fs, l.at), message: `${s.kind} listens on ${shownListen(l)}` })));
}

/** A location of the block serves files from a project's checkout (`alias /srv/harbor/app/staticfiles/`). */
function servesFromProject(server: NginxServer, vs: VirtualServer, roots: string[]): boolean {
  if (!roots.length) return false;
  for (const loc of vs.locations) {
    if (loc.handler.kind !== "static") continue;
    const alias = server.directivesIn(loc.scope, "alias").pop()?.node.args[0]?.value;
    if (alias && roots.some((r) => alias === r || alias.startsWith(r + "/"))) return true;
  }
  return false;
}

/** The prefixes the block's locations serve from disk, without their trailing slash. */
function servedFromDisk(vs: VirtualServer): Set<string> {
  return new Set(vs.locations.filter((l) => l.handler.kind === "static").map((l) => l.path.replace(/\/+$/, "")));
}

/** `/static/` and `/media/` both served from disk beside the proxy: collectstatic's files and the uploads of a Django site. */
function servesStaticAndMedia(vs: VirtualServer): boolean {
  const served = servedFromDisk(vs);
  return served.has("/static") && served.has("/media");
}

function servesStatic(vs: VirtualServer): boolean {
  return servedFromDisk(vs).has("/static");
}
