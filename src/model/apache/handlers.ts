/**
 * What httpd does with a file in a directory: the `Options` in effect
 * (`Indexes`, `ExecCGI`) and the handler that serves it. The handler is the
 * last `SetHandler` merged for the file (`None` clears it), else the one
 * mod_mime maps from the file's extensions (`AddHandler`, `RemoveHandler`;
 * every extension counts, so `x.php.jpg` is a PHP file), else its content
 * type (`AddType application/x-httpd-php .php` runs PHP under mod_php). A
 * script handler runs the file when its module is there: PHP unless
 * `php_admin_flag engine off`; CGI and FastCGI only with `ExecCGI`;
 * `proxy:fcgi://` and `proxy:unix:...|fcgi://` hand it to PHP-FPM.
 */
import type { ApacheDirective, ApacheSection } from "../../ast/apache.js";
import type { Tri } from "../../core/tri.js";
import { appliedToFile, directivesSeenBy, type FileRequest } from "./per-dir.js";
import { perHost } from "./helpers.js";
import type { ApacheEntry, ApacheServer } from "./server.js";

export interface OptionState {
  on: boolean;
  /** The `Options` directive that last turned it on or off (null: httpd's default, off). */
  via: ApacheEntry<ApacheDirective> | null;
  unsure: boolean;
}

/** Options `All` turns on (everything but MultiViews). */
const ALL = ["indexes", "includes", "includesnoexec", "followsymlinks", "symlinksifownermatch", "execcgi"];

/** Whether an option (`Indexes`, `ExecCGI`) is in effect for a file (or any file, `file: null`) of a directory. */
export function optionFor(server: ApacheServer, req: FileRequest, option: string): OptionState {
  const want = option.toLowerCase();
  let state: OptionState = { on: false, via: null, unsure: false };
  for (const a of appliedToFile(server, req, ["Options"])) {
    const words = a.entry.node.args.map((x) => x.value.toLowerCase());
    let next: boolean | null = null;
    for (const w of words) {
      const sign = w[0] === "+" || w[0] === "-" ? w[0] : "";
      const name = sign ? w.slice(1) : w;
      if (!sign && next === null) next = false; // an absolute list starts from nothing
      if (name === want || (name === "all" && ALL.includes(want))) next = sign !== "-";
      else if (name === "none" && !sign) next = false;
    }
    if (next === null || next === state.on) {
      if (next !== null && a.sure) state = { ...state, via: a.entry };
      continue;
    }
    if (!a.sure) {
      state.unsure = true;
      continue;
    }
    state = { on: next, via: a.entry, unsure: state.unsure };
  }
  return state;
}

export type ScriptKind = "php" | "cgi" | "fcgid" | "fastcgi" | "php-fpm";

export interface FileHandler {
  /** The handler name as written (`application/x-httpd-php`, `proxy:fcgi://127.0.0.1:9000`), or null for the default (the file is sent as it is). */
  handler: string | null;
  /** A handler that runs the file as a program, or null. */
  script: ScriptKind | null;
  /** The directive that chose the handler. */
  via: ApacheEntry<ApacheDirective> | null;
  unsure: boolean;
}

const NAMES = ["SetHandler", "AddHandler", "RemoveHandler", "AddType", "RemoveType", "php_admin_flag", "php_flag", "php_admin_value", "php_value"];

/** The script kind of a handler name (or of a content type mod_php runs), null for handlers that do not run the file. */
export function scriptKind(handler: string): ScriptKind | null {
  const h = handler.toLowerCase();
  if (/^application\/x-httpd-php\d*$/.test(h) || /^php\d*(\.\d+)?-script$/.test(h)) return "php";
  if (h === "cgi-script") return "cgi";
  if (h === "fcgid-script") return "fcgid";
  if (h === "fastcgi-script") return "fastcgi";
  if (/^proxy:(unix:[^|]*\|)?fcgi:\/\//.test(h)) return "php-fpm";
  return null;
}

/** Extensions mod_mime looks at: every dot-separated part after the first (`a.php.jpg` -> php, jpg). */
const extensionsOf = (file: string) =>
  file
    .split(".")
    .slice(1)
    .map((x) => x.toLowerCase());
const ext = (w: string) => w.replace(/^\./, "").toLowerCase();

/** The handler that serves a named file in a directory. */
export function handlerFor(server: ApacheServer, req: FileRequest & { file: string }): FileHandler {
  let set: { h: string; via: ApacheEntry<ApacheDirective> } | null = null;
  const byExt = new Map<string, { h: string; via: ApacheEntry<ApacheDirective> }>();
  const types = new Map<string, { h: string; via: ApacheEntry<ApacheDirective> }>();
  let phpEngine = true;
  let unsure = false;
  const exts = new Set(extensionsOf(req.file));
  for (const a of appliedToFile(server, req, NAMES)) {
    const n = a.entry.node;
    const args = n.args.map((x) => x.value);
    const touches =
      n.key === "sethandler" ||
      n.key.startsWith("php_") ||
      args.slice(1).some((w) => exts.has(ext(w))) ||
      (n.key.startsWith("remove") && args.some((w) => exts.has(ext(w))));
    if (!touches) continue;
    if (!a.sure) {
      unsure = true;
      continue;
    }
    applyDirective(n, args, a.entry, { set: (v) => (set = v), byExt, types, engine: (on) => (phpEngine = on), exts });
  }
  let chosen: { h: string; via: ApacheEntry<ApacheDirective> } | null = set;
  if (!chosen) for (const e of extensionsOf(req.file)) chosen = byExt.get(e) ?? chosen;
  if (!chosen)
    for (const e of extensionsOf(req.file)) {
      const t = types.get(e);
      if (t && scriptKind(t.h) === "php") chosen = t;
    }
  const picked = chosen as { h: string; via: ApacheEntry<ApacheDirective> } | null;
  let script = picked ? scriptKind(picked.h) : null;
  if (script === "php" && !phpEngine) script = null;
  return { handler: picked?.h ?? null, script, via: picked?.via ?? null, unsure };
}

interface HandlerState {
  set(v: { h: string; via: ApacheEntry<ApacheDirective> } | null): void;
  byExt: Map<string, { h: string; via: ApacheEntry<ApacheDirective> }>;
  types: Map<string, { h: string; via: ApacheEntry<ApacheDirective> }>;
  engine(on: boolean): void;
  exts: Set<string>;
}

function applyDirective(n: ApacheDirective, args: string[], via: ApacheEntry<ApacheDirective>, s: HandlerState) {
  switch (n.key) {
    case "sethandler":
      s.set(args[0] && args[0].toLowerCase() !== "none" ? { h: args[0], via } : null);
      break;
    case "addhandler":
      for (const w of args.slice(1)) s.byExt.set(ext(w), { h: args[0], via });
      break;
    case "addtype":
      for (const w of args.slice(1)) s.types.set(ext(w), { h: args[0], via });
      break;
    case "removehandler":
      for (const w of args) s.byExt.delete(ext(w));
      break;
    case "removetype":
      for (const w of args) s.types.delete(ext(w));
      break;
    default:
      // php_admin_flag engine off, php_value engine 0...
      if (args[0]?.toLowerCase() === "engine") s.engine(!/^(off|0|false|no)$/i.test(args[1] ?? ""));
  }
}

/** Modules a script kind needs: every one must be loaded for the file to run. */
export const SCRIPT_MODULES: Record<ScriptKind, string[][]> = {
  php: [["php", "php5", "php7", "php8"]],
  cgi: [["cgi", "cgid"]],
  fcgid: [["fcgid"]],
  fastcgi: [["fastcgi"]],
  "php-fpm": [["proxy"], ["proxy_fcgi"]],
};

/** Whether the modules a script kind needs are loaded: `no` when one of them surely is not. */
export function scriptModulesLoaded(server: ApacheServer, kind: ScriptKind): Tri {
  let out: Tri = "yes";
  for (const anyOf of SCRIPT_MODULES[kind]) {
    const states = anyOf.map((m) => (m.startsWith("php") ? phpModule(server, m) : server.hasModule(m)));
    if (states.includes("yes")) continue;
    if (states.every((s) => s === "no")) return "no";
    out = "unknown";
  }
  return out;
}

/** mod_php loads as `php_module`, `php7_module`, `php5_module` (short names php, php7...): any of them. */
function phpModule(server: ApacheServer, short: string): Tri {
  for (const name of server.modules.keys()) if (name === short || (short === "php8" && /^php8/.test(name))) return server.hasModule(name);
  return server.hasModule(short);
}

/** Whether any handler directive a host sees names a script handler at all (most sites have none: nothing to evaluate then). */
export function scriptHandlersSeen(server: ApacheServer, vhost: ApacheSection | null): boolean {
  // Once per host: asked per alias and sample file.
  return perHost(handlersSeen, server, vhost, () =>
    directivesSeenBy(server, vhost, ["SetHandler", "AddHandler", "AddType"]).some((e) => {
      const h = e.node.args[0]?.value;
      return h !== undefined && scriptKind(h) !== null;
    }),
  );
}

const handlersSeen = new WeakMap<ApacheServer, Map<ApacheSection | null, boolean>>();
