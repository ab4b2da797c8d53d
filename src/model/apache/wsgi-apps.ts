/**
 * mod_wsgi applications as the server will run them: each `WSGIScriptAlias`
 * with its script path, the daemon process group it is delegated to and the
 * application group (interpreter) it runs in, decided the way mod_wsgi merges
 * `WSGIProcessGroup` / `WSGIApplicationGroup` (server, virtual host,
 * `<Directory>` of the script, `<Files>`, `<Location>` of the mount; the
 * `process-group=` / `application-group=` options of `WSGIScriptAlias` win).
 *
 * Visibility of daemon groups follows mod_wsgi: a group defined at server
 * level can be selected everywhere; one defined in a `<VirtualHost>` only from
 * that host or a host with the same server name.
 *
 * Whenever the linter cannot decide (a `%{ENV:...}` group, a section under an
 * undecidable condition, a regex it cannot read), the answer is "unknown".
 */
import path from "node:path";
import type { ApacheDirective, ApacheSection } from "../../ast/apache.js";
import type { ArgNode } from "../../ast/types.js";
import { fnmatchRegExp, hasWildcard } from "../../load/fnmatch.js";
import { isOpaque } from "../../template/placeholder.js";
import { directivesNear } from "./cover-index.js";
import { hostLevelSetting } from "./setting-index.js";
import { directoryCovers, directoryPath, normalizeDir } from "./access.js";
import { byMergeOrder } from "./merge.js";
import type { ApacheEntry, ApacheServer } from "./server.js";
import { locationPath, urlUnder } from "./urls.js";
import { optionValue, parseOptions, wsgiDaemonsNamed, type WsgiDaemon } from "./wsgi.js";
import { serverPath } from "./helpers.js";
import { rewriteRules } from "./rewrite.js";
import { configRegex } from "../../core/config-regex.js";

// Moved to helpers.ts / ../helpers.ts (the models' general helpers); re-exported for code written against the old place.
export { serverPath } from "./helpers.js";
export { lineRef } from "../helpers.js";

export interface WsgiApp {
  entry: ApacheEntry<ApacheDirective>;
  urlArg: ArgNode;
  scriptArg: ArgNode;
  url: string;
  /** Absolute server path of the script (or script directory), `${VAR}` substituted; null when a variable is undefined. */
  script: string | null;
  /** The directory holding the script; null when `script` is. */
  dir: string | null;
  options: Map<string, string>;
}

/**
 * The file a `WSGIScriptAlias` target names: its path without a trailing `/` (Review Board's rb-site writes
 * `.../reviewboard.wsgi/`, a file Apache's walk runs with the rest of the URL as PATH_INFO; when the path is a
 * directory of scripts, nothing is there to read). Null when `script` is.
 */
export const scriptFileOf = (app: WsgiApp): string | null => (app.script === null ? null : app.script.replace(/(?<=.)\/+$/, ""));

/** Every `WSGIScriptAlias` that may be in effect. */
const appsOf = new WeakMap<ApacheServer, readonly WsgiApp[]>();

/** The server's WSGI applications, computed once per server (rules and model helpers ask for them per app and per daemon). */
export function wsgiApps(server: ApacheServer): readonly WsgiApp[] {
  let hit = appsOf.get(server);
  if (!hit) appsOf.set(server, (hit = Object.freeze(collectWsgiApps(server))));
  return hit;
}

const appsByHost = new WeakMap<ApacheServer, Map<ApacheSection | null, readonly WsgiApp[]>>();

/**
 * The WSGI applications a virtual host runs (null: the main server), in read order: its own `WSGIScriptAlias` lines,
 * then the main server's at URLs it does not mount itself. httpd merges the main server's per-server configuration
 * into each virtual host, so RHEL's `conf.d/app.conf` (the alias at top level) runs in the bare `<VirtualHost *:80>`
 * and `*:443` blocks beside it that only name the site.
 */
export function hostWsgiApps(server: ApacheServer, vhost: ApacheSection | null): readonly WsgiApp[] {
  let byHost = appsByHost.get(server);
  if (!byHost) {
    byHost = new Map();
    for (const app of wsgiApps(server)) byHost.set(app.entry.vhost, [...(byHost.get(app.entry.vhost) ?? []), app]);
    const main = byHost.get(null) ?? [];
    if (main.length)
      for (const v of server.sections("VirtualHost")) {
        const own = byHost.get(v.node) ?? [];
        const mounted = new Set(own.map((a) => a.url));
        byHost.set(v.node, [...own, ...main.filter((a) => !mounted.has(a.url))]);
      }
    appsByHost.set(server, byHost);
  }
  return byHost.get(vhost) ?? [];
}

/** A `WSGIHandlerScript name script` some request is handed to (`RewriteRule ... [H=name]`, `SetHandler name`, `AddHandler name`). */
export interface WsgiHandlerScript {
  entry: ApacheEntry<ApacheDirective>;
  name: string;
  scriptArg: ArgNode;
  /** Absolute server path of the script; null when a variable is undefined. */
  script: string | null;
  options: Map<string, string>;
}

/**
 * The handler scripts the server hands requests to: what `mod_wsgi-express setup-server` writes (its `handler.wsgi`
 * runs the application through `RewriteRule .* - [H=wsgi-handler]` in the document root). One no request reaches is
 * left out.
 */
export function wsgiHandlerScripts(server: ApacheServer): WsgiHandlerScript[] {
  const used = new Set<string>();
  for (const r of rewriteRules(server)) {
    const h = r.flags.map.get("handler");
    if (h) used.add(h.toLowerCase());
  }
  for (const d of ["SetHandler", "AddHandler"]) for (const e of server.directives(d)) if (e.node.args[0]) used.add(e.node.args[0].value.toLowerCase());
  const out: WsgiHandlerScript[] = [];
  for (const e of server.directives("WSGIHandlerScript")) {
    const [nameArg, scriptArg] = e.node.args;
    if (!nameArg || !scriptArg || !used.has(nameArg.value.toLowerCase())) continue;
    out.push({ entry: e, name: nameArg.value, scriptArg, script: serverPath(server, scriptArg.value), options: parseOptions(e.node.args.slice(2)) });
  }
  return out;
}

function collectWsgiApps(server: ApacheServer): WsgiApp[] {
  const out: WsgiApp[] = [];
  for (const e of server.directives("WSGIScriptAlias")) {
    const [urlArg, scriptArg] = e.node.args;
    if (!urlArg || !scriptArg) continue;
    const script = serverPath(server, scriptArg.value);
    const dir = script === null ? null : scriptArg.value.endsWith("/") ? normalizeDir(script) : normalizeDir(path.posix.dirname(script));
    out.push({ entry: e, urlArg, scriptArg, url: urlArg.value, script, dir, options: parseOptions(e.node.args.slice(2)) });
  }
  return out;
}

/** A virtual host's server name (host only, lower case), falling back to the main server's; null when none is set. */
const serverNames = new WeakMap<ApacheServer, Map<ApacheSection | null, string | null>>();

export function serverNameOf(server: ApacheServer, vhost: ApacheSection | null): string | null {
  let names = serverNames.get(server);
  if (!names) serverNames.set(server, (names = new Map()));
  if (names.has(vhost)) return names.get(vhost) as string | null;
  const name = computeServerName(server, vhost);
  names.set(vhost, name);
  return name;
}

/**
 * The arguments that name a virtual host (null: the main server): its `ServerName` (the last), else the main
 * server's, which a host without one takes (httpd's core merges it into every host: `apache2 -S` lists the host under
 * it), and its `ServerAlias` names.
 */
export function hostNameArgs(server: ApacheServer, vhost: ApacheSection | null): ArgNode[] {
  const name = serverNameArg(server, vhost);
  const out: ArgNode[] = name ? [name] : [];
  if (vhost) for (const e of server.scopeDirectives(vhost, "ServerAlias")) out.push(...e.node.args);
  return out;
}

/** The `ServerName` argument in effect for a virtual host: its own (the last), else the main server's. */
function serverNameArg(server: ApacheServer, vhost: ApacheSection | null): ArgNode | undefined {
  const own = vhost ? server.scopeDirectives(vhost, "ServerName") : [];
  const names = own.length ? own : server.scopeDirectives(null, "ServerName");
  return names[names.length - 1]?.node.args[0];
}

function computeServerName(server: ApacheServer, vhost: ApacheSection | null): string | null {
  const v = serverNameArg(server, vhost)?.value;
  if (!v || isOpaque(v)) return null;
  return v
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/:\d+$/, "")
    .toLowerCase();
}

/**
 * Whether a daemon group can be selected from a virtual host (null: server
 * level, where a `WSGIProcessGroup` reaches every host). Hosts whose server
 * name cannot be known are assumed to match (so that nothing is reported on a guess).
 */
export function daemonVisibleFrom(server: ApacheServer, daemon: WsgiDaemon, vhost: ApacheSection | null): boolean {
  const dv = daemon.entry.vhost;
  if (dv === null || vhost === null || dv === vhost) return true;
  const a = serverNameOf(server, dv);
  const b = serverNameOf(server, vhost);
  return a === null || b === null || a === b;
}

/** `%{GLOBAL}`, `%{ENV:X}`, `${VAR}`: values mod_wsgi or httpd expand; `{{ var }}`: a value a template fills in. */
export function isExpanded(v: string): boolean {
  return v.includes("%{") || v.includes("${") || isOpaque(v);
}

/** A place that names a process group: `WSGIProcessGroup x` or `process-group=x` on another directive. */
export interface ProcessGroupRef {
  entry: ApacheEntry<ApacheDirective>;
  /** The argument holding the name (`x` or `process-group=x`). */
  arg: ArgNode;
  name: string;
}

const OPTION_DIRECTIVES = ["WSGIScriptAlias", "WSGIScriptAliasMatch", "WSGIImportScript", "WSGIHandlerScript"];

export function processGroupRefs(server: ApacheServer): ProcessGroupRef[] {
  const out: ProcessGroupRef[] = [];
  for (const e of server.directives("WSGIProcessGroup")) {
    const a = e.node.args[0];
    if (a) out.push({ entry: e, arg: a, name: a.value });
  }
  for (const d of OPTION_DIRECTIVES)
    for (const e of server.directives(d))
      for (const a of e.node.args) {
        const m = /^process-group=(.*)$/i.exec(a.value);
        if (m) out.push({ entry: e, arg: a, name: optionValue(m[1]) });
      }
  return out.sort((x, y) => x.entry.order - y.entry.order);
}

/** The winner among the directives of one name that apply to an app's requests, and whether anything undecidable might change it. */
export interface AppSetting {
  winner: ApacheEntry<ApacheDirective> | null;
  uncertain: boolean;
}

/**
 * The `name` directive in effect for an application's requests: of those at
 * server level, in its virtual host, in `<Directory>`s holding the script, in
 * `<Files>` naming it and in `<Location>`s covering the mount, the last in
 * httpd's merge order (merge.ts). A section that covers only part of the
 * app's URLs, or that the linter cannot match, makes the answer uncertain.
 */
export function appSetting(server: ApacheServer, app: WsgiApp, name: string): AppSetting {
  const vhost = app.entry.vhost;
  let uncertain = false;
  const applying: ApacheEntry<ApacheDirective>[] = [];
  const add = (e: ApacheEntry<ApacheDirective>) => {
    if (e.active === "unknown") uncertain = true;
    applying.push(e);
  };
  // Server level and the app's host: only their last one in merge order can win (folded once per host).
  const host = hostLevelSetting(server, name, vhost);
  if (host.unknown) uncertain = true;
  if (host.winner) applying.push(host.winner);
  // The per-directory ones that may cover the app (an index, not a walk per app);
  // the order does not matter, the levels are sorted.
  const candidates = directivesNear(server, name, { vhost, dir: app.dir, script: app.script, url: app.url, hostLevel: false });
  for (const e of candidates) {
    const scope = e.scope;
    if (scope === null || scope.key === "virtualhost") {
      if (scope === null || scope === vhost) add(e);
      continue;
    }
    // Per-directory sections: decide whether they cover the app.
    const applies = sectionsCover(e.sections, app);
    if (applies === false) continue;
    if (applies !== true) {
      uncertain = true;
      continue;
    }
    add(e);
  }
  applying.sort(byMergeOrder);
  return { winner: applying.length ? applying[applying.length - 1] : null, uncertain };
}

/**
 * Whether per-directory sections (a chain, outermost first: `<Directory>` >
 * `<Files>`, `<Location>`...) apply to every request of an app (true), to
 * some (`partly`), to none (false), or the linter cannot tell (null).
 * `<VirtualHost>` and read-time conditionals in the chain are ignored.
 */
export function sectionsCover(sections: ApacheSection[], app: WsgiApp): boolean | "partly" | null {
  const scriptBase = app.script ? path.posix.basename(app.script) : null;
  let applies: boolean | "partly" | null = true;
  for (const s of sections) {
    if (s.key === "virtualhost" || CONDITIONALS.has(s.key)) continue;
    const r = sectionCovers(s, app, scriptBase);
    if (r === false) return false;
    if (r === null) applies = null;
    else if (r === "partly" && applies === true) applies = "partly";
  }
  return applies;
}

const CONDITIONALS = new Set(["ifmodule", "ifdefine", "ifversion", "iffile", "ifdirective", "ifsection"]);

/** Does a section apply to every request of the app (true), to some (`partly`), to none (false), or cannot the linter tell (null)? */
function sectionCovers(s: ApacheSection, app: WsgiApp, scriptBase: string | null): boolean | "partly" | null {
  switch (s.key) {
    case "directory": {
      if (app.dir === null) return null;
      const p = directoryPath(s);
      if (p === null) return s.args[0]?.value === "~" ? regexTest(s.args[s.args.length - 1]?.value, app.dir) : null;
      return directoryCovers(p, app.dir);
    }
    case "directorymatch":
      return app.dir === null ? null : regexTest(s.args[0]?.value, app.dir);
    case "files": {
      if (scriptBase === null) return null;
      const a = s.args[0]?.value;
      if (!a || isOpaque(a)) return null;
      if (a === "~") return regexTest(s.args[1]?.value, scriptBase);
      return hasWildcard(a) ? fnmatchRegExp(a).test(scriptBase) : a === scriptBase;
    }
    case "filesmatch":
      return scriptBase === null ? null : regexTest(s.args[0]?.value, scriptBase);
    case "location": {
      const p = locationPath(s);
      if (p === null) return s.args[0]?.value === "~" || isOpaque(s.args[0]?.value ?? "") ? null : false;
      if (urlUnder(app.url, p)) return true;
      return urlUnder(p, app.url) ? "partly" : false;
    }
    case "locationmatch":
      return null;
    default:
      // <If>, <Else>, <Limit>...: decided per request.
      return null;
  }
}

function regexTest(src: string | undefined, subject: string): boolean | null {
  if (!src) return null;
  return configRegex(src)?.test(subject) ?? null;
}

export type ProcessGroup =
  { kind: "embedded"; via: ApacheEntry<ApacheDirective> | null } | { kind: "daemon"; name: string; via: ApacheEntry<ApacheDirective> } | { kind: "unknown" };

/** Where an application runs: embedded in Apache's children, in a named daemon group, or unknown. */
export function processGroupOf(server: ApacheServer, app: WsgiApp): ProcessGroup {
  if (app.entry.active !== "yes") return { kind: "unknown" };
  const opt = app.options.get("process-group");
  if (opt !== undefined) return groupValue(opt, app.entry);
  const s = appSetting(server, app, "WSGIProcessGroup");
  if (s.uncertain) return { kind: "unknown" };
  if (!s.winner) return { kind: "embedded", via: null };
  const v = s.winner.node.args[0]?.value;
  return v === undefined ? { kind: "unknown" } : groupValue(v, s.winner);
}

function groupValue(v: string, via: ApacheEntry<ApacheDirective>): ProcessGroup {
  if (v === "%{GLOBAL}" || v === "") return { kind: "embedded", via };
  if (isExpanded(v)) return { kind: "unknown" };
  return { kind: "daemon", name: v, via };
}

export type ApplicationGroup = { kind: "shared"; key: string; label: string; via: ApacheEntry<ApacheDirective> } | { kind: "own" } | { kind: "unknown" };

/**
 * The interpreter an application runs in, within its process group. `own`:
 * mod_wsgi's default `%{RESOURCE}` (one interpreter per mount point).
 */
export function applicationGroupOf(server: ApacheServer, app: WsgiApp): ApplicationGroup {
  let v: string | undefined;
  let via: ApacheEntry<ApacheDirective> | null;
  const opt = app.options.get("application-group");
  if (opt !== undefined) {
    v = opt;
    via = app.entry;
  } else {
    const s = appSetting(server, app, "WSGIApplicationGroup");
    if (s.uncertain) return { kind: "unknown" };
    if (!s.winner) return { kind: "own" };
    v = s.winner.node.args[0]?.value;
    via = s.winner;
  }
  if (v === undefined || via === null) return { kind: "unknown" };
  if (v === "%{GLOBAL}" || v === "") return { kind: "shared", key: "", label: "%{GLOBAL}", via };
  if (v === "%{RESOURCE}") return { kind: "own" };
  if (v === "%{SERVER}") {
    const name = serverNameOf(server, app.entry.vhost);
    return name === null ? { kind: "unknown" } : { kind: "shared", key: `%{SERVER}:${name}`, label: v, via };
  }
  if (isExpanded(v)) return { kind: "unknown" };
  return { kind: "shared", key: v, label: v, via };
}

/**
 * The daemon process group an application runs in, as its host sees the
 * definition: the one resolver of "which WSGIDaemonProcess runs this app".
 * Null when it runs embedded, when the linter cannot know, or when no
 * definition is visible.
 */
export function daemonOf(server: ApacheServer, app: WsgiApp): WsgiDaemon | null {
  const pg = processGroupOf(server, app);
  return pg.kind === "daemon" ? visibleDaemon(server, pg.name, app.entry.vhost) : null;
}

/** The daemon definition an application is delegated to, as seen from its host; null when none is visible. */
export function visibleDaemon(server: ApacheServer, name: string, vhost: ApacheSection | null): WsgiDaemon | null {
  const found = wsgiDaemonsNamed(server, name).filter((d) => daemonVisibleFrom(server, d, vhost));
  return found.length ? found[found.length - 1] : null;
}

/** Python path entries an application gets from its daemon's `python-path=` and `WSGIPythonPath`. */
/** A handler script's import path: its `process-group=` daemon's `python-path=`, then `WSGIPythonPath`. */
export function handlerPythonPaths(server: ApacheServer, h: WsgiHandlerScript): string[] {
  const group = h.options.get("process-group");
  const daemon = group ? wsgiDaemonsNamed(server, group).find((d) => daemonVisibleFrom(server, d, h.entry.vhost)) : undefined;
  const out = (daemon?.options.get("python-path") ?? "").split(":").filter(Boolean);
  for (const e of server.directives("WSGIPythonPath")) out.push(...(e.node.args[0]?.value.split(":") ?? []).filter(Boolean));
  return out;
}

/**
 * The Python home (`sys.prefix`, a virtualenv) an application runs in: its daemon group's `python-home=`, else
 * `WSGIPythonHome` (embedded mode's, and the daemons' default); null when none is set or it cannot be known.
 */
export function pythonHomeOf(server: ApacheServer, app: WsgiApp): string | null {
  const own = daemonOf(server, app)?.options.get("python-home");
  const home = own ?? server.directives("WSGIPythonHome").at(-1)?.node.args[0]?.value;
  return home && home.startsWith("/") && !home.includes("%{") ? home.replace(/\/+$/, "") : null;
}

export function pythonPathsOf(server: ApacheServer, app: WsgiApp): { path: string; entry: ApacheEntry<ApacheDirective> }[] {
  const out: { path: string; entry: ApacheEntry<ApacheDirective> }[] = [];
  const d = daemonOf(server, app);
  const opt = d?.options.get("python-path");
  if (d && opt) for (const p of opt.split(":")) if (p) out.push({ path: p, entry: d.entry });
  for (const e of server.directives("WSGIPythonPath")) for (const p of e.node.args[0]?.value.split(":") ?? []) if (p) out.push({ path: p, entry: e });
  return out;
}
