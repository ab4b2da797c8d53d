import path from "node:path";
import type { FsFacade } from "../../src/load/fs-facade.js";
import type { NginxDirective } from "../../src/ast/nginx.js";
import { hasVariables } from "../../src/model/nginx/addresses.js";
import type { NginxEntry, NginxServer, Scope } from "../../src/model/nginx/server.js";
import { findProjectBelow } from "../../src/model/django/project.js";
import { defineRule } from "../../src/rule-api.js";

/** The served directory and two levels below it (the project package under a served root); a directory of more than 200 entries is data, not searched. */
const LIMITS = { maxDepth: 2, maxDirs: 200, maxEntries: 200 };

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/root-exposes-project",
    severity: "error",
    summary: "root or alias serves the Django project directory (or one above it) as static files",
    rationale:
      "nginx serves any file below a `root` or `alias` that a location hands to static handling. When that directory holds the Django project (`manage.py`, `settings.py`), anyone can download the settings with `SECRET_KEY` and database passwords, and the source. Point `root`/`alias` at `STATIC_ROOT` or `MEDIA_ROOT`, which `collectstatic` fills outside the project.",
    silentWhen: [
      "the directory cannot be read here (map production paths with --map)",
      "the location does not serve files (it proxies, passes or returns), or is a regex location (which files it serves depends on the regex)",
      "the path contains variables",
    ],
    seeds: [
      { seed: "001", section: "this directory should never be created under" },
      { seed: "004", section: "check if a file matching the request exists" },
    ],
    // Security: root/alias serves the project's source and settings to anyone.
    security: { cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", cwe: [219] },
    messages: {
      exposes: "'{{directive}} {{dir}}' serves {{what}} to clients: '{{marker}}' can be downloaded with its secrets; serve only STATIC_ROOT/MEDIA_ROOT",
    },
  },
  check({ server, fs, report }) {
    const seen = new Set<string>();
    const check = (e: NginxEntry<NginxDirective>, served: string) => {
      const arg = e.node.args[0];
      const found = projectMarker(fs, served);
      if (!found) return;
      const key = `${arg.file}:${arg.range.start}`;
      if (seen.has(key)) return;
      seen.add(key);
      const what = found.dir === served.replace(/\/+$/, "") ? "the Django project directory" : `a directory above the Django project (${found.dir})`;
      report({ messageId: "exposes", data: { directive: e.node.name, dir: arg.value, what, marker: path.join(found.dir, found.marker) }, at: arg });
    };
    // Locations that serve files: the directory a request can reach.
    for (const loc of server.locations) {
      if (loc.handler.kind !== "static" && !hasTryFiles(server, loc.scope)) continue;
      if (loc.modifier !== "" && loc.modifier !== "^~" && loc.modifier !== "=") continue;
      const alias = server.directivesIn(loc.scope, "alias")[0];
      if (alias?.node.args[0] && !alias.node.incomplete) {
        if (!hasVariables(alias.node.args[0].value)) check(alias, alias.node.args[0].value);
        continue;
      }
      const root = nearestRoot(server, loc.scope);
      if (!root?.node.args[0] || root.node.incomplete || hasVariables(root.node.args[0].value)) continue;
      const prefix = loc.modifier === "=" ? path.posix.dirname(loc.path) : loc.path;
      check(root, path.posix.join(root.node.args[0].value, prefix));
    }
    // A server's own root serves every request that no location takes.
    for (const vs of server.servers) {
      if (vs.locations.some((l) => (l.modifier === "" || l.modifier === "^~") && l.path === "/")) continue;
      const root = server.directivesIn(vs.scope, "root")[0];
      if (!root?.node.args[0] || root.node.incomplete || hasVariables(root.node.args[0].value)) continue;
      check(root, root.node.args[0].value);
    }
  },
});

function hasTryFiles(server: NginxServer, scope: Scope): boolean {
  return server.directivesIn(scope, "try_files").some((e) => e.node.args.slice(0, -1).some((a) => a.value.includes("$uri")));
}

/** The `root` in effect at a scope (root and alias are inherited by nested locations). */
function nearestRoot(server: NginxServer, scope: Scope): NginxEntry<NginxDirective> | null {
  for (let s: Scope | null = scope; s; s = s.parent) {
    const r = server.directivesIn(s, "root");
    if (r.length) return r[r.length - 1];
    if (server.directivesIn(s, "alias").length) return null;
  }
  return null;
}

/** A Django project marker in `dir` or one or two levels below it (the project package under a served root). */
function projectMarker(fs: FsFacade, dir: string): { dir: string; marker: string } | null {
  const start = dir.replace(/\/+$/, "") || "/";
  if (start === "/") return null;
  const found = findProjectBelow(fs, start, LIMITS);
  // The file with the secrets first: a settings file, else manage.py.
  const marker = found?.markers.find((m) => m.kind === "settings-file") ?? found?.markers[0];
  return found && marker ? { dir: found.dir, marker: marker.name } : null;
}
