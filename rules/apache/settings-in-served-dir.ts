import path from "node:path";
import type { ApacheSection } from "../../src/ast/apache.js";
import type { FsFacade } from "../../src/load/fs-facade.js";
import { directoryAccess, directoryPath, sectionVerdict } from "../../src/model/apache/access.js";
import type { ApacheServer } from "../../src/model/apache/server.js";
import { wsgiApps } from "../../src/model/apache/wsgi-apps.js";
import { SETTINGS_FILE } from "../../src/model/django/project.js";
import { hasWildcard } from "../../src/load/fnmatch.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/settings-in-served-dir",
    severity: "error",
    summary: "A settings file (or other Python source) lies in a directory granted wholesale to clients",
    rationale:
      "A `<Directory>` with `Require all granted` (or `Allow from all`) lets Apache serve every file in it as soon as some URL maps there. `settings.py` holds `SECRET_KEY` and database passwords; the directory granted for the WSGI script (the `apache/` subdirectory) must hold nothing but the script. Keep settings outside granted directories, or grant only the script with `<Files>`.",
    silentWhen: [
      "the directory cannot be read (after path mapping)",
      "the grant is narrowed to named files with `<Files>`/`<FilesMatch>`, or a more specific `<Directory>` takes the subdirectory back",
      "the directory hands `.py` files to a handler (`SetHandler`, `AddHandler ... .py`), so they are executed rather than served",
      "other `.py` files are only reported in the directory that holds a WSGI script; elsewhere only settings files count",
    ],
    seeds: [{ seed: "001", section: "never place any 'settings.py' file, even if named something else, in the 'apache' subdirectory" }],
    // Security: source and secrets are downloadable once a URL maps to the directory.
    security: { cvss: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", cwe: [552] },
    messages: {
      served:
        "<Directory {{dir}}> grants the whole directory to clients and it holds {{files}}: Apache can serve source and passwords if a URL maps there; move these files out or grant only the WSGI script with <Files>",
    },
  },
  check({ server, fs, report }) {
    const scriptsByDir = new Map<string, Set<string>>();
    for (const app of wsgiApps(server)) {
      if (!app.script || !app.dir || app.scriptArg.value.endsWith("/")) continue;
      const set = scriptsByDir.get(app.dir) ?? new Set<string>();
      set.add(path.posix.basename(app.script));
      scriptsByDir.set(app.dir, set);
    }
    for (const s of server.sections("Directory")) {
      if (s.active !== "yes" || s.node.incomplete) continue;
      const dir = directoryPath(s.node);
      if (dir === null || dir === "/" || hasWildcard(dir)) continue;
      if (sectionVerdict(server, s.node) !== "granted") continue;
      // The section must be the one in effect for its own path (a later one may take it back).
      if (directoryAccess(server, dir, s.vhost)?.section !== s) continue;
      if (executesPython(server, s.node)) continue;
      const names = fs.list(dir);
      if (!names) continue;
      const files = offendingFiles(fs, dir, names, scriptsByDir.get(dir));
      for (const sub of names) {
        if (sub.startsWith(".") || fs.kind(path.posix.join(dir, sub)) !== "dir") continue;
        const subDir = path.posix.join(dir, sub);
        if (directoryAccess(server, subDir, s.vhost)?.section !== s) continue;
        const inner = fs.list(subDir);
        if (!inner) continue;
        for (const n of inner) if (SETTINGS_FILE.test(n) && fs.kind(path.posix.join(subDir, n)) === "file") files.push(`${sub}/${n}`);
      }
      if (!files.length) continue;
      const shown = files.slice(0, 3).join(", ") + (files.length > 3 ? ` and ${files.length - 3} more` : "");
      report({ messageId: "served", data: { dir: s.node.args[0]?.raw ?? dir, files: shown }, at: { file: s.node.file, range: s.node.openRange } });
    }
  },
});

/** Settings files, a settings/ package and, where a WSGI script lives, any other Python file. */
function offendingFiles(fs: FsFacade, dir: string, names: string[], scripts: Set<string> | undefined): string[] {
  const out: string[] = [];
  for (const n of names) {
    const p = path.posix.join(dir, n);
    if (n === "settings" && fs.kind(p) === "dir" && (fs.list(p) ?? []).some((x) => x.endsWith(".py"))) {
      out.push("settings/");
      continue;
    }
    if (!n.endsWith(".py") || fs.kind(p) !== "file") continue;
    if (SETTINGS_FILE.test(n)) out.push(n);
    else if (scripts && !scripts.has(n) && n !== "__init__.py") out.push(n);
  }
  return out;
}

/** Whether .py files in the directory go to a handler (CGI, mod_wsgi, mod_python) instead of being served as text. */
function executesPython(server: ApacheServer, s: ApacheSection): boolean {
  for (const e of server.inScope(s)) {
    if (e.node.kind !== "directive") continue;
    const a = e.node.args.map((x) => x.value.toLowerCase());
    if (e.node.key === "sethandler" && a[0] && a[0] !== "none") return true;
    if (e.node.key === "addhandler" && a.slice(1).some((x) => x === ".py" || x === "py")) return true;
  }
  return false;
}
