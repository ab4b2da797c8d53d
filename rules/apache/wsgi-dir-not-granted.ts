import path from "node:path";
import type { ApacheSection } from "../../src/ast/apache.js";
import { directoryAccess, directoryPath, sectionVerdict } from "../../src/model/apache/access.js";
import { sectionsNear } from "../../src/model/apache/cover-index.js";
import type { ApacheServer } from "../../src/model/apache/server.js";
import { sectionsCover, wsgiApps, type WsgiApp } from "../../src/model/apache/wsgi-apps.js";
import { defineRule, phrase, lineRef } from "../../src/rule-api.js";

/** Sections that can grant access to the script besides a `<Directory>` for its directory. */
const OTHER_GRANTS = ["Directory", "DirectoryMatch", "Files", "FilesMatch", "Location", "LocationMatch", "If", "ElseIf", "Else"];

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/wsgi-dir-not-granted",
    severity: "warning",
    summary: "No <Directory> grants access to the directory holding the WSGI script",
    rationale:
      "Apache checks access to the WSGI script file like any other file: when a `<Directory />` (or another enclosing section) denies access and nothing grants the script's directory, every request to the Django site gets 403 Forbidden. Every mod_wsgi example pairs `WSGIScriptAlias` with a `<Directory>` (or `<Files wsgi.py>`) that grants it.",
    silentWhen: [
      "the linter does not see the whole server (a lone virtual-host file): the grant may live in the main configuration",
      "no section denies the directory (httpd then allows it by default)",
      "a `<Files>`, `<Location>`, `<DirectoryMatch>` or `<If>` may grant the script, or the script's directory has an .htaccess file",
    ],
    seeds: [{ seed: "001", section: "Apache is being configured to allow serving of files from that subdirectory" }],
    messages: {
      denied:
        "No <Directory> grants access to {{dir}}, which holds the WSGI script for {{url}}, and {{denier}} denies it: every request to the site gets 403 Forbidden; add <Directory {{dir}}> with Require all granted (or <Files {{file}}> inside it)",
    },
    absence: ["denied"],
  },
  check({ server, fs, report }) {
    if (!server.complete) return;
    for (const app of wsgiApps(server)) {
      if (app.entry.active !== "yes" || !app.script || !app.dir) continue;
      const isDir = app.scriptArg.value.endsWith("/") || fs.kind(app.script) === "dir";
      const dir = isDir ? app.script : app.dir;
      const access = directoryAccess(server, dir, app.entry.vhost);
      if (!access || access.verdict !== "denied" || access.section.active !== "yes") continue;
      if (fs.kind(path.posix.join(dir, ".htaccess")) === "file") continue;
      if (mayBeGranted(server, app, access.section.node)) continue;
      const d = access.section.node;
      report({
        messageId: "denied",
        data: {
          dir,
          url: app.url,
          denier: phrase`<${d.name} ${d.args.map((a) => a.raw).join(" ")}> on ${lineRef({ file: d.file, range: d.openRange }, app.scriptArg)}`,
          file: isDir ? "*" : path.posix.basename(app.script),
        },
        at: app.scriptArg,
      });
    }
  },
});

/** Whether some other section that is not a plain denial may grant the app's script. */
function mayBeGranted(server: ApacheServer, app: WsgiApp, denier: ApacheSection): boolean {
  // Only the sections that can apply to this app (indexed once per server), not every section per app.
  for (const s of sectionsNear(server, OTHER_GRANTS, { vhost: app.entry.vhost, dir: app.dir, url: app.url, script: app.script })) {
    if (s.node === denier) continue;
    // Literal <Directory> paths were weighed by directoryAccess already.
    if (s.node.key === "directory" && directoryPath(s.node) !== null) continue;
    const verdict = sectionVerdict(server, s.node);
    if (verdict === null || verdict === "denied") continue;
    if (sectionsCover([...s.sections, s.node], app) !== false) return true;
  }
  return false;
}
