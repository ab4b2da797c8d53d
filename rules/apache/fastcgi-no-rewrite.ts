import path from "node:path";
import type { FsFacade } from "../../src/load/fs-facade.js";
import { normalizeDir } from "../../src/model/apache/access.js";
import { overridesPossible } from "../../src/model/apache/overrides.js";
import { rewriteRules } from "../../src/model/apache/rewrite.js";
import type { ApacheServer } from "../../src/model/apache/server.js";
import { namesMentioned } from "../../src/model/mentions.js";
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
    const declared = server
      .directives("FastCGIExternalServer")
      .map((e) => ({ e, file: e.node.args[0]?.value }))
      .filter((x): x is { e: typeof x.e; file: string } => x.e.active === "yes" && x.file !== undefined)
      .map((x) => ({ ...x, name: path.posix.basename(x.file) }))
      .filter((x) => x.name && !isOpaque(x.name));
    if (!declared.length) return;
    // Every name against every RewriteRule and routing directive in one pass: asked per declaration, a fleet's were declarations x rules.
    const routed = namesMentioned(
      declared.map((x) => x.name),
      [...rewriteRules(server).map((r) => r.substitution), ...ROUTING.flatMap((d) => server.directives(d).flatMap((x) => x.node.args.map((a) => a.value)))],
    );
    for (const { e, file, name } of declared) {
      if (routed.has(name)) continue;
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
