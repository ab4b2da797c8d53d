/** nginx's sites as the Django side sees them: each server block with its names and the backends its locations pass to. */
import { backendRef, FILE_PREFIXES, lazily, templatedPortBackend, type BackendRef, type SiteBlock } from "../django/server-refs.js";
import { serverNameWithPort } from "./addresses.js";
import { djangoEvidence } from "./proxy.js";
import type { NginxServer } from "./server.js";

export function nginxSiteBlocks(server: NginxServer): SiteBlock[] {
  return server.servers.map((vs) => {
    const backends: BackendRef[] = [];
    let passes = false;
    for (const loc of vs.locations) {
      const h = loc.handler;
      if (!("backend" in h)) continue;
      passes = true;
      const addrs = server.addressesOf(h.backend);
      for (const a of addrs) backends.push((a.host === null && a.unix === null && templatedPortBackend(a.arg.value)) || backendRef(a.host, a.port, a.unix));
      // `proxy_pass http://127.0.0.1:{{ app_port }};` (a variable target to the model): a backend on that host.
      const direct = addrs.length ? null : templatedPortBackend(h.backend.arg.value);
      if (direct) backends.push(direct);
    }
    // A `return` at server level (certbot's, a panel's force-SSL include) answers every request before any location runs.
    const onlyRedirects =
      vs.scope.entries.some((e) => e.node.name === "return") || (!passes && vs.locations.length > 0 && vs.locations.every((l) => l.handler.kind === "return"));
    const block = { file: vs.block.file, range: vs.block.openRange };
    const names = vs.names.filter((n) => n !== "_" && n !== "" && !serverNameWithPort(n));
    const site: SiteBlock = { dialect: "nginx", block, names, backends, scripts: [], settingsRefs: [], onlyRedirects, djangoLike: false };
    if (passes)
      lazily(
        site,
        "djangoLike",
        () => djangoEvidence(server, vs) !== null || vs.locations.some((l) => FILE_PREFIXES.test(l.path) && !("backend" in l.handler)),
      );
    return site;
  });
}
