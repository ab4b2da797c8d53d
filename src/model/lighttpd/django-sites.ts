/** lighttpd's sites as the Django side sees them: each conditional context that passes requests to a backend, with the host names it tests. */
import type { Positioned } from "../../core/range.js";
import { finiteHostNames } from "../django/host-regex.js";
import { backendRef, type BackendRef, type SiteBlock } from "../django/server-refs.js";
import { testsField } from "./request.js";
import type { LighttpdContext, LighttpdServer } from "./server.js";

/** The first proxy/fastcgi assignment of a context: where the global context's site points. */
function setting0(ctx: LighttpdServer["global"]): Positioned | null {
  for (const key of ["proxy.server", "fastcgi.server", "scgi.server"]) {
    const a = ctx.settings.get(key)?.assignments[0];
    if (a) return a;
  }
  return null;
}

const HOST_TEST = /\$HTTP\["host"\]\s*==\s*"([^"]+)"/g;
const HOST_REGEX_TEST = /\$HTTP\["host"\]\s*=~\s*"([^"]+)"/g;

/** The nearest context at or above `ctx`, other than `ctx` itself, whose condition tests the host. */
function hostBlockAbove(ctx: LighttpdContext): LighttpdContext | null {
  if (ctx.blocks.some((b) => testsField(b.test, "HTTP", "host"))) return null;
  for (let c = ctx.parent; c; c = c.parent) if (c.blocks[0] && c.blocks.some((b) => testsField(b.test, "HTTP", "host"))) return c;
  return null;
}

const PROXIES = ["proxy.server", "fastcgi.server", "scgi.server"];

export function lighttpdSiteBlocks(server: LighttpdServer): SiteBlock[] {
  const out: SiteBlock[] = [];
  // How many proxying contexts below each host block (the anchor moves up only when it is one).
  const proxyingUnder = new Map<LighttpdContext, number>();
  for (const ctx of server.contexts) {
    if (!PROXIES.some((k) => ctx.settings.has(k))) continue;
    const host = hostBlockAbove(ctx);
    if (host) proxyingUnder.set(host, (proxyingUnder.get(host) ?? 0) + 1);
  }
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
          // A "host" that is a path is a unix socket (lighttpd's backends read it as one: checked with 1.4.69).
          const host = str("host");
          const socket = str("socket") ?? (host?.startsWith("/") ? host : null);
          if (socket) backends.push(backendRef(null, null, socket));
          else if (host) backends.push(backendRef(host, Number(str("port") ?? 80), null));
        }
    }
    if (!backends.length) continue;
    const first = ctx.blocks[0];
    const own: Positioned | null = first ? { file: first.file, range: first.headRange } : setting0(ctx);
    if (!own) continue;
    // A site is named by its `$HTTP["host"]` block; a condition inside it that proxies (`$HTTP["url"] !~ "^/static/"`,
    // an `else`) is where its settings are. Findings point at the host block, unless it holds several such conditions.
    const host = hostBlockAbove(ctx);
    const block =
      host && proxyingUnder.get(host) === 1 && !PROXIES.some((k) => host.settings.has(k))
        ? { file: host.blocks[0].file, range: host.blocks[0].headRange }
        : own;
    const names = [
      ...[...ctx.label.matchAll(HOST_TEST)].map((m) => m[1].toLowerCase()),
      // `=~ "^(www\.)?example\.com$"`: the names it matches, when they can be listed.
      ...[...ctx.label.matchAll(HOST_REGEX_TEST)].flatMap((m) => finiteHostNames(m[1]) ?? []),
    ];
    out.push({ dialect: "lighttpd", block, ...(block !== own ? { scope: own } : {}), names, backends, scripts: [], settingsRefs: [], onlyRedirects: false });
  }
  return out;
}
