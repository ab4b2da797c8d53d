/**
 * Apache's sites as the Django side sees them: each virtual host (and the
 * main server) with its names, the backends it proxies to, the WSGI scripts
 * it runs and the settings modules mod_python is told.
 */
import type { ApacheSection } from "../../ast/apache.js";
import type { ArgNode } from "../../ast/types.js";
import type { Positioned } from "../../core/range.js";
import { DJANGO_WORDS, FILE_PREFIXES, lazily, proxyBackend, refAt, type SiteBlock } from "../django/server-refs.js";
import { settingsModuleEntries } from "./modpython.js";
import { backendsOf, parseProxyTarget, proxyMounts } from "./proxy.js";
import type { ApacheServer } from "./server.js";
import { redirectsEverything } from "./rewrite.js";
import { tlsHost } from "./tls.js";
import { handlerPythonPaths, hostNameArgs, hostWsgiApps, pythonHomeOf, pythonPathsOf, scriptFileOf, wsgiApps, wsgiHandlerScripts } from "./wsgi-apps.js";

export function apacheSiteBlocks(server: ApacheServer): SiteBlock[] {
  const hosts = new Map<ApacheSection | null, SiteBlock>();
  // The main server has no block: its site points at the first directive that ties it to Django.
  const blockOf = (vhost: ApacheSection | null, at: Positioned): SiteBlock => {
    let b = hosts.get(vhost);
    if (!b) {
      const block = vhost ? { file: vhost.file, range: vhost.openRange } : at;
      const use = vhost?.usedAt ? { use: { file: vhost.usedAt.file, range: vhost.usedAt.range } } : {};
      hosts.set(
        vhost,
        (b = { dialect: "apache", block, ...use, names: apacheNames(server, vhost), backends: [], scripts: [], settingsRefs: [], onlyRedirects: false }),
      );
    }
    return b;
  };
  for (const v of server.sections("VirtualHost")) {
    const b = blockOf(v.node, v.node);
    const at = v.node.args.flatMap((a) => (/^(\[[^\]]*\]|[^:\s]+):(\d+)$/.test(a.value) ? [a.value.toLowerCase()] : []));
    if (at.length) b.answersAt = at;
  }
  for (const name of ["ProxyPass", "ProxyPassMatch"]) {
    for (const e of server.directives(name)) {
      // Inside <Location>/<LocationMatch> the path is the section's and the URL is the first argument.
      const located = e.sections.some((s) => s.key === "location" || s.key === "locationmatch");
      const arg = e.node.args[located ? 0 : 1];
      if (!arg) continue;
      // A balancer reaches its members' addresses (`<Proxy balancer://app> BalancerMember http://127.0.0.1:8000`).
      const urls = /^balancer:/i.test(arg.value) ? backendsOf(server, parseProxyTarget(arg)).map((t) => t.url) : [arg.value];
      for (const url of urls) {
        const b = proxyBackend(url);
        if (b) blockOf(e.vhost, e.node).backends.push(b);
      }
    }
  }
  // `RewriteRule ... http://127.0.0.1:8000/$1 [P]` and `SetHandler "proxy:unix:/run/app.sock|http://localhost"` proxy too.
  for (const m of proxyMounts(server)) {
    if ((m.via !== "RewriteRule" && m.via !== "SetHandler") || !m.target || m.target.variable) continue;
    const urls = m.target.scheme === "balancer" ? backendsOf(server, m.target).map((t) => t.url) : [m.target.url];
    for (const url of urls) {
      const b = proxyBackend(url);
      if (b) blockOf(m.entry.vhost, m.entry.node).backends.push(b);
    }
  }
  const vhosts = server.sections("VirtualHost").map((v) => v.node);
  for (const app of wsgiApps(server)) {
    const script = scriptFileOf(app);
    if (!script) continue;
    const home = pythonHomeOf(server, app);
    const ref = {
      script,
      pythonPath: pythonPathsOf(server, app).map((p) => p.path),
      at: refAt(app.scriptArg),
      ...(app.scriptArg.value.endsWith("/") ? { maybeDirectory: true as const } : {}),
      ...(home ? { pythonHome: home } : {}),
    };
    // A WSGIScriptAlias of the main server runs in the virtual hosts that do not mount their own at its URL: they are
    // its sites (requests reach the main server only on addresses no host answers).
    const heirs = app.entry.vhost === null ? vhosts.filter((v) => hostWsgiApps(server, v).includes(app)) : [];
    for (const site of heirs.length ? heirs.map((v) => blockOf(v, v)) : [blockOf(app.entry.vhost, app.entry.node)])
      site.scripts.push({ ...ref, block: site.block });
  }
  // A handler script requests are handed to (mod_wsgi-express's handler.wsgi, which imports the application it was set
  // up with) runs in its host, or at server level in every host.
  for (const h of wsgiHandlerScripts(server)) {
    if (!h.script) continue;
    const ref = { script: h.script, pythonPath: handlerPythonPaths(server, h), at: refAt(h.scriptArg) };
    for (const site of h.entry.vhost === null && vhosts.length ? vhosts.map((v) => blockOf(v, v)) : [blockOf(h.entry.vhost, h.entry.node)])
      site.scripts.push({ ...ref, block: site.block });
  }
  // mod_python reads DJANGO_SETTINGS_MODULE from SetEnv/PythonOption; under mod_wsgi SetEnv reaches only the request environ.
  if (server.directives("PythonHandler").length) {
    for (const e of settingsModuleEntries(server)) {
      const arg = e.node.args[1] as ArgNode;
      const site = blockOf(e.vhost, e.node);
      const paths = server
        .directivesInEffect("PythonPath", e)
        .flatMap((p) => [...(p.node.args[0]?.value ?? "").matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2]));
      site.settingsRefs.push({ module: arg.value, pythonPath: paths.filter((p) => p.startsWith("/")), at: refAt(arg), block: site.block });
    }
  }
  for (const [vhost, b] of hosts) {
    if (b.backends.length && !b.scripts.length) lazily(b, "djangoLike", () => proxiesLikeDjango(server, vhost));
    // certbot's port-80 host keeps its ProxyPass and Alias lines under the redirect it adds: tied to nothing.
    if (vhost && (b.backends.length || b.scripts.length)) lazily(b, "onlyRedirects", () => redirectsEverything(server, vhost, b.names, tlsHost(server, vhost)));
  }
  // A site is known by where its block is written, or, for the hosts a mod_macro `Use` makes, by that `Use`; hosts that
  // still share a place (a macro used more than once from inside another's body) cannot be told apart: none is a site
  // (the Django side is silent for them).
  const written = new Map<string, number>();
  const placeOf = vhostKey;
  for (const v of hosts.keys()) if (v) written.set(placeOf(v), (written.get(placeOf(v)) ?? 0) + 1);
  return [...hosts].filter(([v]) => !v || written.get(placeOf(v)) === 1).map(([, b]) => b);
}

/**
 * What tells a virtual host apart: where its opening tag is written, and for the hosts a mod_macro `Use` makes (each
 * written in the macro's body), that `Use`. The same key for a site: its block and its `use`.
 */
export function vhostKey(v: ApacheSection): string {
  return sitePlaceKey({ file: v.file, range: v.openRange }, v.usedAt ? { file: v.usedAt.file, range: v.usedAt.range } : undefined);
}

export function sitePlaceKey(block: Positioned, use?: Positioned): string {
  return `${block.file}\0${block.range.start}${use ? `\0${use.file}\0${use.range.start}` : ""}`;
}

/** A virtual host that proxies the way Django sites do: uwsgi://, a backend named after a Python app server, `/static/` kept from the proxy or aliased. */
function proxiesLikeDjango(server: ApacheServer, vhost: ApacheSection | null): boolean {
  for (const e of server.scopeDirectives(vhost, "ProxyPass")) {
    const [path, url] = e.node.args.map((a) => a.value);
    if (url === "!" && FILE_PREFIXES.test(path ?? "")) return true;
    if (url && (/^uwsgi:/i.test(url) || DJANGO_WORDS.test(url))) return true;
  }
  return server.scopeDirectives(vhost, "Alias").some((e) => FILE_PREFIXES.test(e.node.args[0]?.value ?? ""));
}

function apacheNames(server: ApacheServer, vhost: ApacheSection | null): string[] {
  return hostNameArgs(server, vhost).map((a) =>
    a.value
      .replace(/^[a-z]+:\/\//i, "")
      .replace(/:\d+$/, "")
      .toLowerCase(),
  );
}
