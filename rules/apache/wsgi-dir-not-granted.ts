import path from "node:path";
import { directoryAccess } from "../../src/model/apache/access.js";
import { otherGrantMayApply } from "../../src/model/apache/grant-index.js";
import { wsgiApps } from "../../src/model/apache/wsgi-apps.js";
import { defineRule, phrase, lineRef } from "../../src/rule-api.js";

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
      if (otherGrantMayApply(server, app, access.section.node)) continue;
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
