/**
 * Which server block serves which project (rule-catalog.md, "Which site"): a
 * block is tied to a project when the configuration says so (`django.sites`,
 * by server name or backend address), when mod_wsgi runs the project's WSGI
 * script or mod_python is told its settings module, when it passes requests to
 * an address an app server of the project listens on, or, when the run holds
 * exactly one project, when it passes requests to an application backend.
 * A block that only redirects is tied to nothing; the first tie wins.
 */
import path from "node:path";
import type { Positioned } from "../../core/range.js";
import type { Dialect } from "../../rule-api.js";
import { isLoopback } from "../nginx/addresses.js";
import type { Listen } from "./app-servers/types.js";
import type { DjangoProjectFacts } from "./index.js";
import type { BackendRef, SiteBlock } from "./server-refs.js";

export interface Site {
  dialect: Dialect;
  file: string;
  line: number;
  names: string[];
  /** Why the block is tied to the project, in words. */
  via: string;
  /** The server block / virtual host (for rules that report on it). */
  block: Positioned;
  /** The block whose settings the site runs under, when it is not `block` (SiteBlock.scope). */
  scope?: Positioned;
  /** The mod_macro `Use` that made the virtual host (SiteBlock.use): the site's file and line are its. */
  use?: Positioned;
  /** The blocks of the run that proxy to this Apache virtual host (nginx terminating TLS in front of it): clients come through them. */
  frontedBy?: Positioned[];
}

/** Where a site's own settings are: its scope, else its block. */
export const siteScope = (site: Site): Positioned => site.scope ?? site.block;

type Tie = (b: SiteBlock) => { project: DjangoProjectFacts; via: string } | null;

export function tieSites(projects: DjangoProjectFacts[], blocks: SiteBlock[], configured: { names: string[]; settings: string }[]) {
  // Nothing to tie a block to (and each tie below finds nothing): a fleet linted without its projects.
  if (!projects.length) return;
  const ties: Tie[] = [
    (b) => byConfiguration(projects, configured, b),
    (b) => byScript(projects, b),
    (b) => bySettingsRef(projects, b),
    (b) => byListen(projects, b),
    // Among several projects, a Compose service's name says which (with one, oneProject below ties the block).
    (b) => (projects.length > 1 ? byComposeService(projects, b) : null),
  ];
  const add = (b: SiteBlock, t: { project: DjangoProjectFacts; via: string }) =>
    t.project.sites.push({
      dialect: b.dialect,
      file: (b.use ?? b.block).file,
      line: (b.use ?? b.block).range.line,
      names: b.names,
      via: t.via,
      block: b.block,
      ...(b.scope ? { scope: b.scope } : {}),
      ...(b.use ? { use: b.use } : {}),
    });
  const left: SiteBlock[] = [];
  for (const b of blocks) {
    if (b.onlyRedirects) continue;
    const t = ties.reduce<ReturnType<Tie>>((found, tie) => found ?? tie(b), null);
    if (t) add(b, t);
    else left.push(b);
    // One nginx server block whose locations pass to the app servers of several projects (/crm/ to gunicorn,
    // /timesheets/ to uvicorn) is a site of each: the rules look at the locations that reach the project they check.
    // (lighttpd's checks look at the whole host: there a block stays one project's.)
    if (t && b.dialect === "nginx")
      for (const other of [...byListenAll(projects, b), ...(projects.length > 1 ? byComposeServiceAll(projects, b) : [])])
        if (other.project !== t.project && !tiedTo(other.project, b)) add(b, other);
    // So is an Apache virtual host whose mod_wsgi runs several projects (`WSGIScriptAlias /inventory` and
    // `/timesheets`) or whose ProxyPass mounts reach the app servers of several: every name of the host reaches all of
    // them, and the checks of a project's mounts look at those that reach it (its script's, its app servers').
    if (t && b.dialect === "apache") {
      const others = [...projects.flatMap((p) => byScript([p], b) ?? []), ...byListenAll(projects, b)];
      const tied = new Set([t.project]);
      for (const other of others) {
        if (tied.has(other.project)) continue;
        tied.add(other.project);
        add(b, other);
      }
    }
  }
  const fallback = oneProject(projects, blocks);
  for (const b of left) {
    const t = fallback(b);
    if (t) add(b, t);
  }
  // A front (nginx, or another Apache) that proxies to an Apache virtual host of the run reaches the projects the host
  // runs: it is a site of each (nginx serving the static files in front of Apache's mod_wsgi applications).
  const hosts = apacheHostsByAddress(blocks);
  if (!hosts.size) return;
  const projectsOf = new Map<Positioned, DjangoProjectFacts[]>();
  for (const p of projects)
    for (const s of p.sites) {
      const l = projectsOf.get(s.block);
      if (!l) projectsOf.set(s.block, [p]);
      else if (!l.includes(p)) l.push(p);
    }
  for (const b of blocks) {
    if (b.onlyRedirects) continue;
    for (const backend of b.backends) {
      if (backend.address === null) continue;
      for (const { host, address } of hosts.get(reachKey(backend)) ?? []) {
        if (host === b || !addressReceives(address, backend)) continue;
        for (const project of projectsOf.get(host.block) ?? []) {
          for (const s of project.sites) if (s.block === host.block && !s.frontedBy?.includes(b.block)) (s.frontedBy ??= []).push(b.block);
          if (project.sites.some((s) => s.block === b.block)) continue;
          const at = `${host.block.file}:${host.block.range.line}`;
          add(b, { project, via: `it passes requests to ${label(backend)}, where the Apache virtual host at ${at} that runs it answers` });
        }
      }
    }
  }
}

/** The Apache virtual hosts of the run by the port they answer on (SiteBlock.answersAt), each with the address. */
function apacheHostsByAddress(blocks: SiteBlock[]): Map<string, { host: SiteBlock; address: string }[]> {
  const out = new Map<string, { host: SiteBlock; address: string }[]>();
  for (const host of blocks)
    for (const address of host.answersAt ?? []) {
      const key = reachKey({ address });
      const l = out.get(key);
      if (l) l.push({ host, address });
      else out.set(key, [{ host, address }]);
    }
  return out;
}

/**
 * With one project in the run, a block that passes requests to an application backend serves it, unless the run
 * says otherwise: the project's app servers listen at known addresses (byListen tied the blocks that reach them; a
 * backend none of them serves is another application's, a Grafana or a Node app on the same server), or the
 * project is already served elsewhere by what surely ties it (a WSGI script, the configuration) or the run's blocks
 * pass to several backends, and this block shows nothing of Django (SiteBlock.djangoLike).
 */
function oneProject(projects: DjangoProjectFacts[], blocks: SiteBlock[]): Tie {
  if (projects.length !== 1) return () => null;
  const [project] = projects;
  const listens = project.appServers.flatMap((s) => s.listen);
  const known = listens.length > 0 && listens.every((l) => l.fd === undefined && l.uncertain === undefined);
  const served = project.sites.length > 0;
  const backends = new Set(blocks.filter((b) => !b.onlyRedirects).flatMap((b) => b.backends.filter((x) => x.local).map(label)));
  // Blocks that look like Django's (a Python app server's name, /static/ served beside the proxy), by backend.
  const djangoBackends = new Set(blocks.filter((b) => !b.onlyRedirects && b.djangoLike === true).flatMap((b) => b.backends.filter((x) => x.local).map(label)));
  return (b) => {
    if (!b.backends.some((x) => x.local)) return null;
    // The app servers listen elsewhere, no block reaches them, and one backend alone looks like Django's: a port
    // or socket that drifted (the unit moved to :8000, the site still says :8001). Its other checks still apply.
    if (known && !served && b.djangoLike === true && djangoBackends.size === 1 && !b.backends.some((x) => x.templatedPort))
      return {
        project,
        via: "it looks like the project's site and passes requests to an application backend no app server of the run listens on, and the run holds one Django project",
      };
    // The same drift, the socket named after the project (`/run/lumen/staging.sock` for `lumen.settings`).
    if (known && !served && b.backends.some((x) => x.local && x.socket !== null && namedAfter(x.socket, project)))
      return {
        project,
        via: "its socket is named after the project, no app server of the run listens there, and the run holds one Django project",
      };
    if (known) return null;
    const likely = b.djangoLike === true || (!served && (backends.size <= 1 || b.djangoLike === undefined));
    return likely ? { project, via: "it passes requests to an application backend, and the run holds one Django project" } : null;
  };
}

function byConfiguration(projects: DjangoProjectFacts[], configured: { names: string[]; settings: string }[], b: SiteBlock) {
  for (const c of configured) {
    const names = c.names.map((n) => n.toLowerCase());
    const hit = b.names.find((n) => names.includes(n)) ?? b.backends.map(label).find((a) => names.includes(a));
    const project = hit ? projects.find((p) => p.settingsModule?.value === c.settings) : undefined;
    if (hit && project) return { project, via: `django.sites names ${hit}` };
  }
  return null;
}

function byScript(projects: DjangoProjectFacts[], b: SiteBlock) {
  for (const s of b.scripts) {
    const project = projects.find((p) => p.scripts.includes(s));
    // lighttpd's scripts are the FastCGI programs it spawns (`bin-path`); Apache's, mod_wsgi's.
    if (project)
      return { project, via: s.besideBackend ? `lighttpd spawns its FastCGI program ${s.script} (bin-path)` : `mod_wsgi runs its WSGI script ${s.script}` };
  }
  return null;
}

function bySettingsRef(projects: DjangoProjectFacts[], b: SiteBlock) {
  for (const r of b.settingsRefs) {
    const project = projects.find((p) => p.settingsModule?.value === r.module);
    if (project) return { project, via: `it sets DJANGO_SETTINGS_MODULE ${r.module}` };
  }
  return null;
}

function byListen(projects: DjangoProjectFacts[], b: SiteBlock) {
  for (const backend of b.backends)
    for (const project of projects)
      for (const s of project.appServers) {
        const l = s.listen.find((x) => listensAt(x, backend));
        if (l) return { project, via: `it passes requests to ${label(backend)}, where ${s.kind} (${l.at.file}:${l.at.line}) listens` };
      }
  return null;
}

/** A backend named after a Compose service that runs one of the checkout's settings modules (`proxy_pass http://staff:8000`). */
function byComposeService(projects: DjangoProjectFacts[], b: SiteBlock) {
  for (const backend of b.backends) {
    // A service is reached by its name: a bare name (`api`, `api-v1`), never an address or a dotted host.
    const host = backend.address ? splitAddress(backend.address)[0] : null;
    if (!host || !/^[a-z0-9][a-z0-9_-]*$/i.test(host) || host === "localhost") continue;
    const project = projects.find((p) => p.composeServices?.includes(host));
    if (project) return { project, via: `it passes requests to ${label(backend)}, the Compose service ${host} that runs it` };
  }
  return null;
}

/** Every project a Compose service of which the block passes requests to by name. */
function byComposeServiceAll(projects: DjangoProjectFacts[], b: SiteBlock) {
  return projects.flatMap((p) => byComposeService([p], b) ?? []);
}

/** Whether the block is already a site of the project. */
const tiedTo = (project: DjangoProjectFacts, b: SiteBlock) => project.sites.some((s) => s.block === b.block);

/** Every project whose app servers listen at one of the block's backends, with the first backend that reaches it. */
function byListenAll(projects: DjangoProjectFacts[], b: SiteBlock) {
  return projects.flatMap((p) => byListen([p], b) ?? []);
}

const label = (b: BackendRef) => b.address ?? `unix:${b.socket}`;

/** Package names too common to tell a project by (`config.settings`, `app.settings`...). */
const GENERIC_PACKAGES = new Set([
  "config",
  "conf",
  "settings",
  "project",
  "core",
  "main",
  "src",
  "app",
  "apps",
  "web",
  "site",
  "server",
  "api",
  "backend",
  "django",
]);

/** Whether a socket path has the project's package as a word of its own (`/run/lumen/staging.sock`, `/run/lumen-web.sock`). */
function namedAfter(socket: string, project: DjangoProjectFacts): boolean {
  const pkg = project.settingsModule?.value.split(".")[0]?.toLowerCase();
  if (!pkg || pkg.length < 3 || GENERIC_PACKAGES.has(pkg)) return false;
  return socket
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .includes(pkg);
}

const WILDCARD = new Set(["*", "0.0.0.0", "[::]", "::"]);

/** Whether an app server listening on `l` receives what is sent to `b`: same socket, or same port on the same, a loopback or an every-interface host. */
export function listensAt(l: Listen, b: BackendRef): boolean {
  // `unix:///run/app.sock` (the uWSGI tutorial's spelling) and `/run/app.sock` are one socket.
  if (b.socket !== null) return l.socket !== undefined && socketPath(l.socket) === socketPath(b.socket);
  return l.address !== undefined && addressReceives(l.address, b);
}

/** Whether what is bound at `address` (`host:port`: an app server's, an Apache `<VirtualHost>`'s) receives what is sent to `b`. */
export function addressReceives(address: string, b: BackendRef): boolean {
  if (!b.address) return false;
  const [lh, lp] = splitAddress(address);
  const [bh, bp] = splitAddress(b.address);
  if (lp !== bp) return false;
  return lh === bh || WILDCARD.has(lh) || (isLoopback(lh) && isLoopback(bh));
}

/**
 * What listensAt compares first, the socket or else the port: a listener and a backend it receives share it (an
 * index of backends by it finds every candidate).
 */
export function reachKey(x: { socket?: string | null; address?: string | null }): string {
  return x.socket != null ? `unix:${socketPath(x.socket)}` : `port:${x.address ? splitAddress(x.address)[1] : ""}`;
}

/**
 * A socket's path as the kernel resolves it: normalised, and `/var/run/...` as `/run/...` (a link to it on every
 * systemd distribution: Debian since 7, Ubuntu, RHEL since 7; Debian's uWSGI sockets are named both ways).
 */
const socketPath = (p: string) => {
  if (!p.startsWith("/")) return p;
  const n = path.posix.normalize(p).replace(/\/+$/, "");
  return n.startsWith("/var/run/") ? n.slice(4) : n;
};

function splitAddress(a: string): [string, string] {
  const i = a.lastIndexOf(":");
  return [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
}
