/**
 * mod_wsgi daemon groups as the server will start them: names defined twice
 * (mod_wsgi keeps one table for the whole server, and refuses a second
 * definition of a name: checked with `apache2 -t` on httpd 2.4.71 and
 * mod_wsgi 4.9.4; names compare exactly, so `site` and `Site` differ), the
 * Python home each group (or the embedded interpreter) runs with, and which
 * applications run in a group.
 */
import path from "node:path";
import type { ApacheDirective } from "../../ast/apache.js";
import type { ArgNode } from "../../ast/types.js";
import type { FsFacade } from "../../load/fs-facade.js";
import { activeAssumingModules, exclusiveBranches } from "./branches.js";
import type { ApacheEntry, ApacheServer } from "./server.js";
import { processGroupOf, serverPath, visibleDaemon, wsgiApps, type WsgiApp } from "./wsgi-apps.js";
import { wsgiDaemons, type WsgiDaemon } from "./wsgi.js";

/** A definition of a name an earlier one already took, with the earlier one. */
export function duplicateDaemons(server: ApacheServer): { daemon: WsgiDaemon; first: WsgiDaemon }[] {
  const out: { daemon: WsgiDaemon; first: WsgiDaemon }[] = [];
  const sure = (d: WsgiDaemon) => activeAssumingModules(d.entry, (s) => server.conditionOf(s)) === "yes";
  const byName = new Map<string, WsgiDaemon[]>();
  for (const d of wsgiDaemons(server)) {
    if (!sure(d) || d.entry.node.args[0]?.value.includes("%{") || d.entry.node.args[0]?.value.includes("${")) continue;
    const earlier = byName.get(d.name) ?? [];
    const first = earlier.find((e) => !exclusiveBranches(e.entry, d.entry));
    if (first) out.push({ daemon: d, first });
    byName.set(d.name, [...earlier, d]);
  }
  return out;
}

/** A Python home as configured: `python-home=` on a daemon group, or `WSGIPythonHome` (embedded mode and the default for groups). */
export interface PythonHome {
  entry: ApacheEntry<ApacheDirective>;
  arg: ArgNode;
  /** The path, `${VAR}` substituted and normalised; null when it cannot be known. */
  path: string | null;
}

export function pythonHomes(server: ApacheServer): PythonHome[] {
  const out: PythonHome[] = [];
  for (const d of wsgiDaemons(server)) {
    const arg = d.entry.node.args.slice(1).find((a) => /^python-home=/i.test(a.value));
    if (arg) out.push({ entry: d.entry, arg, path: homePath(server, arg.value.slice(arg.value.indexOf("=") + 1)) });
  }
  for (const e of server.directives("WSGIPythonHome")) {
    const arg = e.node.args[0];
    if (arg) out.push({ entry: e, arg, path: homePath(server, arg.value) });
  }
  return out;
}

function homePath(server: ApacheServer, v: string): string | null {
  if (!v || v.includes("%{")) return null;
  return serverPath(server, v);
}

export type HomeProblem = { kind: "interpreter" | "bin" | "site-packages"; root: string } | { kind: "not-a-venv"; found: string[] };

/** Interpreter files and directories a Python home (`sys.prefix`) holds. */
const HOME_MARKERS = (names: string[]) => names.includes("pyvenv.cfg") || names.includes("bin") || names.includes("lib") || names.includes("lib64");

/**
 * What is wrong with a Python home, or null: it names the interpreter
 * (`.../bin/python3`), its `bin/` directory or `site-packages` instead of the
 * environment's root; or the tree can be read and the directory has neither
 * `pyvenv.cfg` nor a `bin/python*` nor a `lib/python*`. A path the linter
 * cannot read is not a problem (it may be on the production machine only);
 * a directory that is a real environment root is fine whatever it is called.
 */
export function pythonHomeProblem(fs: FsFacade, home: string): HomeProblem | null {
  const kind = fs.kind(home);
  if (kind === "dir" && isPythonPrefix(fs, home)) return null;
  let m = /^(.*)\/bin\/python[0-9.]*$/.exec(home);
  if (m && kind !== "dir") return { kind: "interpreter", root: m[1] || "/" };
  m = /^(.*)\/bin$/.exec(home);
  if (m) return { kind: "bin", root: m[1] || "/" };
  m = /^(.*)\/lib(?:64)?\/python[0-9.]+\/site-packages$/.exec(home);
  if (m) return { kind: "site-packages", root: m[1] || "/" };
  if (kind !== "dir") return null;
  const names = fs.list(home) ?? [];
  return { kind: "not-a-venv", found: names.slice(0, 5) };
}

function isPythonPrefix(fs: FsFacade, dir: string): boolean {
  const names = fs.list(dir) ?? [];
  if (names.includes("pyvenv.cfg")) return true;
  if (!HOME_MARKERS(names)) return false;
  const bin = fs.list(path.posix.join(dir, "bin")) ?? [];
  const lib = [...(fs.list(path.posix.join(dir, "lib")) ?? []), ...(fs.list(path.posix.join(dir, "lib64")) ?? [])];
  return bin.some((n) => /^python[0-9.]*$/.test(n)) || lib.some((n) => /^python[0-9.]+$/.test(n));
}

const byDaemon = new WeakMap<ApacheServer, Map<WsgiDaemon, WsgiApp[]> | null>();

/** The applications that surely run in a daemon group; null when some application's group cannot be known. */
export function appsInDaemon(server: ApacheServer, daemon: WsgiDaemon): WsgiApp[] | null {
  // Grouped once per server: rules ask per application and per daemon.
  if (!byDaemon.has(server)) byDaemon.set(server, groupAppsByDaemon(server));
  const groups = byDaemon.get(server);
  return groups ? (groups.get(daemon)?.slice() ?? []) : null;
}

function groupAppsByDaemon(server: ApacheServer): Map<WsgiDaemon, WsgiApp[]> | null {
  const out = new Map<WsgiDaemon, WsgiApp[]>();
  for (const app of wsgiApps(server)) {
    if (app.entry.active === "no") continue;
    const pg = processGroupOf(server, app);
    if (pg.kind === "unknown") return null;
    if (pg.kind !== "daemon") continue;
    const daemon = visibleDaemon(server, pg.name, app.entry.vhost);
    if (!daemon) continue;
    const list = out.get(daemon);
    if (list) list.push(app);
    else out.set(daemon, [app]);
  }
  return out;
}
