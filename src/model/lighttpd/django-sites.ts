/** lighttpd's sites as the Django side sees them: each conditional context that passes requests to a backend, with the host names it tests. */
import type { Positioned } from "../../core/range.js";
import { finiteHostNames } from "../django/host-regex.js";
import { backendRef, refAt, type BackendRef, type SiteBlock } from "../django/server-refs.js";
import { hostContextOf, isSocketPath } from "./request.js";
import type { FastcgiHost, LighttpdContext, LighttpdServer } from "./server.js";

const PROXIES = ["proxy.server", "fastcgi.server", "scgi.server"];

/** The first proxy/fastcgi assignment of a context: where the global context's site points. */
function setting0(ctx: LighttpdServer["global"]): Positioned | null {
  for (const key of PROXIES) {
    const a = ctx.settings.get(key)?.assignments[0];
    if (a) return a;
  }
  return null;
}

const HOST_TEST = /\$HTTP\["host"\]\s*==\s*"([^"]+)"/g;
const HOST_REGEX_TEST = /\$HTTP\["host"\]\s*=~\s*"([^"]+)"/g;

/** The host condition a context sits inside (not the context itself when it tests the host), or null. */
const hostBlockAbove = (ctx: LighttpdContext): LighttpdContext | null => (hostContextOf(ctx) === ctx ? null : hostContextOf(ctx.parent));

export function lighttpdSiteBlocks(server: LighttpdServer): SiteBlock[] {
  const out: SiteBlock[] = [];
  // The host condition above each proxying context, and how many proxying contexts each has below it (the anchor
  // moves up only when it is one).
  const hostAbove = new Map<LighttpdContext, LighttpdContext>();
  const proxyingUnder = new Map<LighttpdContext, number>();
  for (const ctx of server.contexts) {
    if (!PROXIES.some((k) => ctx.settings.has(k))) continue;
    const host = hostBlockAbove(ctx);
    if (!host) continue;
    hostAbove.set(ctx, host);
    proxyingUnder.set(host, (proxyingUnder.get(host) ?? 0) + 1);
  }
  for (const ctx of server.contexts) {
    const backends: BackendRef[] = [];
    // A FastCGI program lighttpd spawns (`"bin-path" => "/srv/blog/blog.fcgi"`, flup's WSGIServer around Django's
    // application): its script names the project as a WSGI script does.
    const scripts: { script: string; at: Positioned }[] = [];
    for (const key of PROXIES) {
      const setting = ctx.settings.get(key);
      if (!setting) continue;
      for (const m of server.fastcgiMounts(setting))
        for (const h of m.hosts) {
          const backend = hostBackend(h);
          if (backend) backends.push(backend);
          const bin = h.option("bin-path");
          const program = hostOption(h, "bin-path")?.trim().split(/\s+/)[0];
          if (bin && program?.startsWith("/") && !/php/i.test(program)) scripts.push({ script: program, at: bin.node });
        }
    }
    if (!backends.length) continue;
    const first = ctx.blocks[0];
    const own: Positioned | null = first ? { file: first.file, range: first.headRange } : setting0(ctx);
    if (!own) continue;
    // A site is named by its `$HTTP["host"]` block; a condition inside it that proxies (`$HTTP["url"] !~ "^/static/"`,
    // an `else`) is where its settings are. Findings point at the host block, unless it holds several such conditions.
    const host = hostAbove.get(ctx);
    const block =
      host && proxyingUnder.get(host) === 1 && !PROXIES.some((k) => host.settings.has(k))
        ? { file: host.blocks[0].file, range: host.blocks[0].headRange }
        : own;
    const names = [
      ...[...ctx.label.matchAll(HOST_TEST)].map((m) => m[1].toLowerCase()),
      // `=~ "^(www\.)?example\.com$"`: the names it matches, when they can be listed.
      ...[...ctx.label.matchAll(HOST_REGEX_TEST)].flatMap((m) => finiteHostNames(m[1]) ?? []),
    ];
    out.push({
      dialect: "lighttpd",
      block,
      ...(block !== own ? { scope: own } : {}),
      names,
      backends,
      scripts: scripts.map((x) => ({ script: x.script, pythonPath: [], at: refAt(x.at), block, besideBackend: true as const })),
      settingsRefs: [],
      onlyRedirects: false,
    });
  }
  return out;
}

/** A string or number option of a backend host entry (`"host"`, `"port"`, `"socket"`, `"bin-path"`), as text. */
export function hostOption(h: FastcgiHost, name: string): string | null {
  const v = h.option(name)?.value;
  return v?.type === "string" ? v.value : v?.type === "integer" ? String(v.value) : null;
}

/** Where a proxy/fastcgi/scgi host entry sends requests: its `"socket"` (or a `"host"` that is a path), else host and port. */
export function hostBackend(h: FastcgiHost): BackendRef | null {
  const host = hostOption(h, "host");
  const socket = hostOption(h, "socket") ?? (host && isSocketPath(host) ? host : null);
  if (socket) return backendRef(null, null, socket);
  return host ? backendRef(host, Number(hostOption(h, "port") ?? 80), null) : null;
}
