import path from "node:path";
import type { ApacheSection } from "../../src/ast/apache.js";
import { substituteDefines } from "../../src/load/apache-defines.js";
import { directoryAccess, normalizeDir, sectionVerdict } from "../../src/model/apache/access.js";
import type { ApacheServer } from "../../src/model/apache/server.js";
import { locationPath, locationRegex, normalizeUrl, urlsOverlap } from "../../src/model/apache/urls.js";
import { sectionName } from "../../src/model/apache/helpers.js";
import { defineRule } from "../../src/rule-api.js";
import { configRegex } from "../../src/core/config-regex.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/alias-dir-not-granted",
    severity: "warning",
    summary: "An Alias points into a directory that no <Directory> grants to clients",
    rationale:
      "Apache 2.4 configurations deny the whole file system (`<Directory /> Require all denied`) and grant directories one by one. An `Alias` for your static or media files whose target no `<Directory>` grants answers 403 for every file: the site renders without CSS, JavaScript and uploads. Pair each `Alias` with a `<Directory>` that grants its target, as the mod_wsgi examples do.",
    silentWhen: [
      "no `<Directory>` says anything about access to the target (httpd's default then allows it, or the denial lives in a file the linter does not see)",
      "access to the target is restricted rather than denied (`Require ip`, `Require valid-user`...), or granted by a `<Location>`, a `<DirectoryMatch>` or, for a single file, a `<Files>`",
      "an `Include` of the configuration could not be followed",
    ],
    seeds: [{ seed: "001", section: "As to the Apache configuration itself, one example of how Apache could be configured" }],
    messages: {
      denied:
        "Alias {{url}} maps to {{target}}, which {{denier}} denies and no <Directory> grants: every file under {{url}} answers 403; add <Directory {{dir}}> with {{grant}}",
    },
    absence: ["denied"],
  },
  check({ server, fs, report }) {
    if (server.tree.problems.some((p) => p.ruleId === "include-not-found" || p.ruleId === "include-not-followed" || p.ruleId === "include-cycle")) return;
    const grant = /^2\.[0-2](\.|$)/.test(server.options.apacheVersion ?? "2.4") ? "Order allow,deny / Allow from all" : "Require all granted";
    for (const alias of server.directives("Alias")) {
      if (alias.active !== "yes" || alias.node.args.length !== 2) continue;
      const [urlArg, targetArg] = alias.node.args;
      const target = substituteDefines(targetArg.value, server.tree.defines);
      if (!target || !path.posix.isAbsolute(target)) continue;
      const kind = fs.kind(target);
      const isFile = kind === "file" || (kind === null && /\.[A-Za-z0-9]{1,5}$/.test(target) && !target.endsWith("/"));
      const dir = normalizeDir(isFile ? path.posix.dirname(target) : target);
      const access = directoryAccess(server, dir, alias.vhost);
      if (access?.verdict !== "denied") continue;
      if (grantedElsewhere(server, alias.vhost, urlArg.value, dir, isFile)) continue;
      const denier = sectionName(access.section.node);
      report({
        messageId: "denied",
        data: { url: urlArg.value, target: targetArg.value, denier, dir, grant },
        at: targetArg,
      });
    }
  },
});

/** Grants directoryAccess does not weigh: <Location> over the URL, <DirectoryMatch>, <Files> for a file target. */
function grantedElsewhere(server: ApacheServer, vhost: ApacheSection | null, url: string, dir: string, isFile: boolean): boolean {
  for (const key of ["Location", "LocationMatch"]) {
    for (const s of server.sectionsSeenBy(key, vhost)) {
      const v = sectionVerdict(server, s.node);
      if (!v || v === "denied") continue;
      const p = locationPath(s.node);
      const re = p === null ? locationRegex(s.node) : null;
      if (p !== null ? urlsOverlap(p, url) : re === null || re.test(normalizeUrl(url)) || re.test(normalizeUrl(url) + "/")) return true;
    }
  }
  for (const key of ["DirectoryMatch", "Directory"]) {
    for (const s of server.sectionsSeenBy(key, vhost)) {
      const n = s.node;
      const regex = n.key === "directorymatch" ? n.args[0]?.value : n.args[0]?.value === "~" ? n.args[1]?.value : undefined;
      if (regex === undefined) continue;
      if (sectionVerdict(server, n) !== "granted") continue;
      const re = configRegex(regex);
      if (!re || re.test(dir) || re.test(dir + "/")) return true;
    }
  }
  if (isFile)
    for (const key of ["Files", "FilesMatch"]) for (const s of server.sectionsSeenBy(key, vhost)) if (sectionVerdict(server, s.node) === "granted") return true;
  return false;
}
