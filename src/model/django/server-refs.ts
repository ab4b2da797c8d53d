/**
 * What the web servers of a run say about the Django side: the WSGI scripts
 * mod_wsgi runs (with their `python-path=`/`WSGIPythonPath`), the settings
 * modules mod_python is told (`SetEnv`/`PythonOption DJANGO_SETTINGS_MODULE`),
 * and each server block / virtual host with its names and the backends it
 * passes requests to. Read from the server models; nothing here reads Python.
 */
import type { ArgNode } from "../../ast/types.js";
import type { Positioned, Range } from "../../core/range.js";
import type { ApacheSection } from "../../ast/apache.js";
import type { ApacheServer } from "../apache/server.js";
import { settingsModuleEntries } from "../apache/modpython.js";
import { pythonPathsOf, wsgiApps } from "../apache/wsgi-apps.js";
import type { LighttpdServer } from "../lighttpd/server.js";
import { isLoopback, isPrivateAddress } from "../nginx/addresses.js";
import type { NginxServer } from "../nginx/server.js";
import type { AnyServer, Dialect } from "../../rule-api.js";

/** A place in a server configuration that names something on the Django side. */
export interface RefAt {
  file: string;
  line: number;
  /** The exact place, when known: where a finding about the reference points. */
  range?: Range;
}

export interface ScriptRef {
  /** Server path of the WSGI script. */
  script: string;
  pythonPath: string[];
  at: RefAt;
  /** The virtual host (Apache) that runs it, to tie the host to the project. */
  block: Positioned;
}

export interface SettingsRef {
  module: string;
  /** mod_python's `PythonPath` in effect there: the directories of the list literal. */
  pythonPath: string[];
  at: RefAt;
  block: Positioned;
}

/** A backend address a server block passes requests to. */
export interface BackendRef {
  /** `host:port` (host lower case) or null for a unix socket. */
  address: string | null;
  socket: string | null;
  /** Loopback, a unix socket, a private address or a bare (container) name: an application backend, not an outside site. */
  local: boolean;
}

/** A server block (nginx), virtual host (Apache) or host condition (lighttpd). */
export interface SiteBlock {
  dialect: Dialect;
  /** The block as a position (its opening line). */
  block: Positioned;
  names: string[];
  backends: BackendRef[];
  scripts: ScriptRef[];
  settingsRefs: SettingsRef[];
  /** Every location/URL answers with a redirect or `return`: not tied to anything. */
  onlyRedirects: boolean;
}

const refAt = (n: Positioned): RefAt => ({ file: n.file, line: n.range.line, range: n.range });

export function siteBlocks(servers: AnyServer[]): SiteBlock[] {
  // A dialect this reader does not know (a plugin's) has no site blocks here.
  return servers.flatMap((s) => (s.dialect === "nginx" ? nginxBlocks(s) : s.dialect === "apache" ? apacheBlocks(s) : s.dialect === "lighttpd" ? lighttpdBlocks(s) : []));
}

function backend(host: string | null, port: number | null, unix: string | null): BackendRef {
  if (unix !== null) return { address: null, socket: unix, local: true };
  const h = (host ?? "").toLowerCase();
  return { address: `${h}:${port ?? 80}`, socket: null, local: h !== "" && (isLoopback(h) || isPrivateAddress(h) || !h.includes(".")) };
}

function nginxBlocks(server: NginxServer): SiteBlock[] {
  return server.servers.map((vs) => {
    const backends: BackendRef[] = [];
    let passes = false;
    for (const loc of vs.locations) {
      const h = loc.handler;
      if (!("backend" in h)) continue;
      passes = true;
      for (const a of server.addressesOf(h.backend)) backends.push(backend(a.host, a.port, a.unix));
    }
    const onlyRedirects = !passes && vs.locations.length > 0 && vs.locations.every((l) => l.handler.kind === "return");
    const block = { file: vs.block.file, range: vs.block.openRange };
    return { dialect: "nginx" as const, block, names: vs.names.filter((n) => n !== "_" && n !== ""), backends, scripts: [], settingsRefs: [], onlyRedirects };
  });
}

/** `http://127.0.0.1:8000/`, `uwsgi://app:3031/`, `unix:/run/app.sock|http://localhost/`: the address; null for `!` and outside URLs it cannot read. */
export function proxyBackend(url: string): BackendRef | null {
  const unix = /^unix:([^|]+)\|/i.exec(url);
  if (unix) return backend(null, null, unix[1]);
  const m = /^(https?|uwsgi|fcgi|ws|wss|h2c?|scgi):\/\/(\[[^\]]+\]|[^/:]+)(?::(\d+))?/i.exec(url);
  if (!m || m[2].includes("$")) return null;
  const scheme = m[1].toLowerCase();
  const port = m[3] !== undefined ? Number(m[3]) : scheme === "https" || scheme === "wss" ? 443 : 80;
  return backend(m[2], port, null);
}

function apacheBlocks(server: ApacheServer): SiteBlock[] {
  const hosts = new Map<ApacheSection | null, SiteBlock>();
  // The main server has no block: its site points at the first directive that ties it to Django.
  const blockOf = (vhost: ApacheSection | null, at: Positioned): SiteBlock => {
    let b = hosts.get(vhost);
    if (!b) {
      const block = vhost ? { file: vhost.file, range: vhost.openRange } : at;
      hosts.set(vhost, (b = { dialect: "apache", block, names: apacheNames(server, vhost), backends: [], scripts: [], settingsRefs: [], onlyRedirects: false }));
    }
    return b;
  };
  for (const v of server.sections("VirtualHost")) blockOf(v.node, v.node);
  for (const name of ["ProxyPass", "ProxyPassMatch"]) {
    for (const e of server.directives(name)) {
      const url = e.node.args[1]?.value;
      const b = url ? proxyBackend(url) : null;
      if (b) blockOf(e.vhost, e.node).backends.push(b);
    }
  }
  for (const app of wsgiApps(server)) {
    if (!app.script || app.scriptArg.value.endsWith("/")) continue;
    const site = blockOf(app.entry.vhost, app.entry.node);
    site.scripts.push({ script: app.script, pythonPath: pythonPathsOf(server, app).map((p) => p.path), at: refAt(app.scriptArg), block: site.block });
  }
  // mod_python reads DJANGO_SETTINGS_MODULE from SetEnv/PythonOption; under mod_wsgi SetEnv reaches only the request environ.
  if (server.directives("PythonHandler").length) {
    for (const e of settingsModuleEntries(server)) {
      const arg = e.node.args[1] as ArgNode;
      const site = blockOf(e.vhost, e.node);
      const paths = server.directivesInEffect("PythonPath", e).flatMap((p) => [...(p.node.args[0]?.value ?? "").matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2]));
      site.settingsRefs.push({ module: arg.value, pythonPath: paths.filter((p) => p.startsWith("/")), at: refAt(arg), block: site.block });
    }
  }
  return [...hosts.values()];
}

function apacheNames(server: ApacheServer, vhost: ApacheSection | null): string[] {
  const out: string[] = [];
  for (const d of ["ServerName", "ServerAlias"])
    for (const e of server.scopeDirectives(vhost, d)) for (const a of d === "ServerName" ? e.node.args.slice(0, 1) : e.node.args) out.push(a.value.replace(/^[a-z]+:\/\//i, "").replace(/:\d+$/, "").toLowerCase());
  return out;
}

/** The first proxy/fastcgi assignment of a context: where the global context's site points. */
function setting0(ctx: LighttpdServer["global"]): Positioned | null {
  for (const key of ["proxy.server", "fastcgi.server", "scgi.server"]) {
    const a = ctx.settings.get(key)?.assignments[0];
    if (a) return a;
  }
  return null;
}

const HOST_TEST = /\$HTTP\["host"\]\s*==\s*"([^"]+)"/g;

function lighttpdBlocks(server: LighttpdServer): SiteBlock[] {
  const out: SiteBlock[] = [];
  for (const ctx of server.contexts) {
    const backends: BackendRef[] = [];
    for (const key of ["proxy.server", "fastcgi.server", "scgi.server"]) {
      const setting = ctx.settings.get(key);
      if (!setting) continue;
      for (const m of server.fastcgiMounts(setting))
        for (const h of m.hosts) {
          const str = (n: string) => {
            const v = h.option(n)?.value;
            return v?.type === "string" ? v.value : v?.type === "integer" ? String(v.value) : null;
          };
          const socket = str("socket");
          const host = str("host");
          if (socket) backends.push(backend(null, null, socket));
          else if (host) backends.push(backend(host, Number(str("port") ?? 80), null));
        }
    }
    if (!backends.length) continue;
    const first = ctx.blocks[0];
    const block: Positioned | null = first ? { file: first.file, range: first.headRange } : setting0(ctx);
    if (!block) continue;
    const names = [...ctx.label.matchAll(HOST_TEST)].map((m) => m[1].toLowerCase());
    out.push({ dialect: "lighttpd", block, names, backends, scripts: [], settingsRefs: [], onlyRedirects: false });
  }
  return out;
}
