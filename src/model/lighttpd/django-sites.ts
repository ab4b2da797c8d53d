/** lighttpd's sites as the Django side sees them: each conditional context that passes requests to a backend, with the host names it tests. */
import type { Positioned } from "../../core/range.js";
import { finiteHostNames } from "../django/host-regex.js";
import { backendRef, type BackendRef, type SiteBlock } from "../django/server-refs.js";
import type { LighttpdServer } from "./server.js";

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

export function lighttpdSiteBlocks(server: LighttpdServer): SiteBlock[] {
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
          if (socket) backends.push(backendRef(null, null, socket));
          else if (host) backends.push(backendRef(host, Number(str("port") ?? 80), null));
        }
    }
    if (!backends.length) continue;
    const first = ctx.blocks[0];
    const block: Positioned | null = first ? { file: first.file, range: first.headRange } : setting0(ctx);
    if (!block) continue;
    const names = [
      ...[...ctx.label.matchAll(HOST_TEST)].map((m) => m[1].toLowerCase()),
      // `=~ "^(www\.)?example\.com$"`: the names it matches, when they can be listed.
      ...[...ctx.label.matchAll(HOST_REGEX_TEST)].flatMap((m) => finiteHostNames(m[1]) ?? []),
    ];
    out.push({ dialect: "lighttpd", block, names, backends, scripts: [], settingsRefs: [], onlyRedirects: false });
  }
  return out;
}
