import path from "node:path";
import type { FsFacade } from "../../src/load/fs-facade.js";
import { directoryCovers, directoryPath, normalizeDir } from "../../src/model/apache/access.js";
import { rewriteRules } from "../../src/model/apache/rewrite.js";
import type { ApacheServer } from "../../src/model/apache/server.js";
import { defineRule, isOpaque } from "../../src/rule-api.js";

/** Directives other than RewriteRule that can send requests to a file. */
const ROUTING = ["Alias", "AliasMatch", "ScriptAlias", "ScriptAliasMatch", "Action", "ErrorDocument", "DirectoryIndex", "FallbackResource"];

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/fastcgi-no-rewrite",
    severity: "error",
    summary: "FastCGIExternalServer names a .fcgi file that no RewriteRule sends requests to",
    rationale:
      "`FastCGIExternalServer /home/user/public_html/mysite.fcgi ...` only says which file name stands for the Django FastCGI server; nothing reaches Django until mod_rewrite (or an Alias) maps the site's URLs onto that file. Without it Apache serves the document root and answers 404 for every Django URL.",
    silentWhen: [
      "a `RewriteRule`, `Alias`, `ScriptAlias`, `Action`, `DirectoryIndex` or `FallbackResource` anywhere in the server mentions the file's name",
      "a `.htaccess` may do the rewriting: overrides are allowed for the file's directory (`AllowOverride` not `None`, the Apache 2.2 default) and the directory cannot be read, or a `.htaccess` there mentions the file",
      "the `FastCGIExternalServer` line sits under a condition the linter cannot decide",
    ],
    seeds: [
      { seed: "002", section: "Using mod_rewrite to Point URLs at FastCGI" },
      { seed: "003", section: "Use ``mod_rewrite`` to point URLs at FastCGI as appropriate" },
    ],
    messages: {
      unrouted:
        "FastCGIExternalServer declares {{file}}, but no RewriteRule sends requests to '{{name}}': Django never receives a request; add a RewriteRule to {{name}} as in the FastCGI guides",
    },
    absence: ["unrouted"],
  },
  check({ server, fs, report }) {
    const rules = rewriteRules(server);
    for (const e of server.directives("FastCGIExternalServer")) {
      const fileArg = e.node.args[0];
      if (e.active !== "yes" || !fileArg) continue;
      const file = fileArg.value;
      const name = path.posix.basename(file);
      if (!name || isOpaque(name)) continue;
      if (rules.some((r) => r.substitution.includes(name))) continue;
      if (ROUTING.some((d) => server.directives(d).some((x) => x.node.args.some((a) => a.value.includes(name))))) continue;
      if (htaccessMayRoute(server, fs, path.posix.dirname(file), name)) continue;
      report({ messageId: "unrouted", data: { file, name }, at: e.node });
    }
  },
});

/** Whether a .htaccess file may map URLs onto the script: unknown counts as yes. */
function htaccessMayRoute(server: ApacheServer, fs: FsFacade, dir: string, name: string): boolean {
  if (!path.posix.isAbsolute(dir) || !overridesPossible(server, normalizeDir(dir))) return false;
  if (fs.list(dir) === null) return true;
  for (let d = normalizeDir(dir); ; d = path.posix.dirname(d)) {
    const names = fs.list(d);
    if (names?.includes(".htaccess")) {
      const text = fs.read(path.posix.join(d, ".htaccess")).text;
      if (text === undefined || text.includes(name)) return true;
    }
    if (d === "/") return false;
  }
}

/**
 * Can a .htaccess in `dir` change anything? The most specific `<Directory>`
 * with an `AllowOverride` decides, per virtual host; none: the version default
 * (`All` before 2.3.9, `None` after). Regex forms may apply: yes when they allow.
 */
function overridesPossible(server: ApacheServer, dir: string): boolean {
  const old = /^(?:1\.|2\.[0-2](?:\.|$))/.test(server.options.apacheVersion ?? "2.4");
  const vhosts = [null, ...server.sections("VirtualHost").map((v) => v.node)];
  for (const vhost of vhosts) {
    let best: { len: number; allows: boolean } | null = null;
    for (const s of server.sections("Directory").concat(server.sections("DirectoryMatch"))) {
      if (s.vhost !== null && s.vhost !== vhost) continue;
      const ao = server.scopeDirectives(s.node, "AllowOverride");
      if (!ao.length) continue;
      const allows = ao[ao.length - 1].node.args.some((a) => a.value.toLowerCase() !== "none");
      const p = directoryPath(s.node);
      if (p === null) {
        if (allows) return true;
        continue;
      }
      if (!directoryCovers(p, dir)) continue;
      const len = p.split("/").length;
      if (!best || len >= best.len) best = { len, allows };
    }
    if (best ? best.allows : old) return true;
  }
  return false;
}
