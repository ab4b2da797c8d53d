/**
 * The Apache model's general helpers, in one place (reachable from
 * src/rule-api.ts as `apacheHelpers`): whether an entry is surely in effect,
 * how a section or context is named in a message, a path as the server
 * resolves it, the version the configuration targets.
 */
import { isWindowsPath } from "../../load/path-map.js";
import path from "node:path";
import type { ApacheSection } from "../../ast/apache.js";
import { substituteDefines } from "../../load/apache-defines.js";
import { Phrase, shown } from "../../source/quote.js";
import { isOpaque } from "../../template/placeholder.js";
import { CONDITIONAL_SECTIONS, evalIfVersion } from "./conditions.js";
import { ifModuleName } from "./modules.js";
import { normalizeDir } from "./paths.js";
import type { ApacheEntry, ApacheServer } from "./server.js";

export { apacheVersionAtLeast, apacheVersionLabel } from "./version.js";

/** `mod_python.c`, `python_module`, `prefork.c` -> `python`, `mpm_prefork`. */
function ifModuleShort(name: string): string {
  const short = name
    .replace(/^mod_/, "")
    .replace(/\.c$/, "")
    .replace(/_module$/, "");
  return /^(prefork|worker|event|winnt)$/.test(short) ? `mpm_${short}` : short;
}

/**
 * Whether an entry is in effect, assuming the modules in `assume` are loaded
 * (e.g. `python` for a mod_python rule: `<IfModule mod_python.c>` around a
 * lone vhost file is no reason to stay silent, since the finding only matters
 * when mod_python is there). Other unknown conditions (`<IfDefine>`, `<If>`)
 * make it unsure.
 */
export function surelyActive(server: ApacheServer, e: ApacheEntry, assume: (short: string) => boolean = (s) => s === "python"): boolean {
  if (e.active === "yes") return true;
  if (e.active === "no") return false;
  const version = server.options.apacheVersion ?? "2.4";
  for (const s of e.sections) {
    if (!CONDITIONAL_SECTIONS.has(s.key)) continue;
    if (s.key === "ifmodule") {
      const { name, negated } = ifModuleName(s.args[0]?.value ?? "");
      const short = ifModuleShort(name);
      if (!negated && assume(short)) continue;
      const have = server.hasModule(short);
      if (have === (negated ? "no" : "yes")) continue;
      return false;
    }
    if (
      s.key === "ifversion" &&
      evalIfVersion(
        s.args.map((a) => a.value),
        version,
      ) === "yes"
    )
      continue;
    return false;
  }
  return true;
}

/** `<Location "/mysite/">`, `<VirtualHost *:80>`, or the server level: a context as the user wrote it. */
export function contextName(server: ApacheServer, c: { scope: ApacheSection | null }): Phrase {
  if (c.scope) return sectionName(c.scope);
  return new Phrase(server.htaccess ? "this .htaccess file" : "the server level");
}

/** `<Directory /srv/app>`: a section as the user wrote it (its arguments as written). */
export function sectionName(s: ApacheSection): Phrase {
  return new Phrase(`<${shown(s.name)}${s.args.length ? " " + shown(s.args.map((a) => a.raw).join(" ")) : ""}>`);
}

/** A path as the server resolves it: `${VAR}` from Define, relative to ServerRoot; null when it cannot be known (an undefined variable, a template placeholder). */
export function serverPath(server: ApacheServer, p: string): string | null {
  const s = substituteDefines(p, server.tree.defines);
  if (s === null || s.includes("%{") || s === "" || isOpaque(s)) return null;
  // httpd for Windows takes `C:/sites/app` as absolute, as every path of such a configuration is written.
  return normalizeDir(path.posix.isAbsolute(s) || isWindowsPath(s) ? s : path.posix.join(server.tree.serverRoot, s));
}

/**
 * A fact about what one virtual host (or the server level, `null`) sees, computed once per server and host in
 * `cache`: for questions a rule or model asks per alias, per URL or per file, whose answer depends only on the host.
 */
export function perHost<T>(cache: WeakMap<ApacheServer, Map<ApacheSection | null, T>>, server: ApacheServer, vhost: ApacheSection | null, compute: () => T): T {
  let byHost = cache.get(server);
  if (!byHost) cache.set(server, (byHost = new Map()));
  if (!byHost.has(vhost)) byHost.set(vhost, compute());
  return byHost.get(vhost) as T;
}
