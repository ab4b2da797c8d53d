import path from "node:path";
import type { ApacheDirective } from "../../src/ast/apache.js";
import type { FsFacade } from "../../src/load/fs-facade.js";
import { directoryAccess, normalizeDir } from "../../src/model/apache/access.js";
import type { ApacheEntry, ApacheServer } from "../../src/model/apache/server.js";
import { pythonPathsOf, wsgiApps, type WsgiApp } from "../../src/model/apache/wsgi-apps.js";
import { settingsModuleInScriptText } from "../../src/model/django/settings-module.js";
import { serverPath } from "../../src/model/apache/helpers.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/wsgi-script-beside-settings",
    severity: "error",
    summary: "The WSGI script sits beside settings.py in a directory granted to clients",
    rationale:
      "Apache has to grant access to the directory holding the WSGI script. When that directory also holds `settings.py` (or a `settings/` package) and the grant covers the whole directory, one stray URL mapping serves your source code and database passwords. Keep the script alone in its own subdirectory (`apache/`), or grant only the script with `<Files wsgi.py>` as modern Django's layout does.",
    silentWhen: [
      "the grant is narrowed to the script with `<Files>`/`<FilesMatch>` (modern Django's `<Files wsgi.py>` layout)",
      "no `<Directory>` grants the script's directory to all clients",
      "the script's directory cannot be read and the settings module's location cannot be inferred from `DJANGO_SETTINGS_MODULE` and `python-path`/`WSGIPythonPath`",
    ],
    seeds: [{ seed: "001", section: "you should not go placing the 'django.wsgi' file in the same directory as the 'settings.py' file" }],
    // Security: settings.py is downloadable once a URL maps to the granted directory.
    security: { cvss: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", cwe: [552] },
    messages: {
      beside:
        "WSGI script {{script}} sits beside {{settings}}, and <Directory {{granted}}> grants that whole directory to clients: Apache can serve your source and passwords; move the script to its own subdirectory or grant only it with <Files>",
    },
  },
  check({ server, fs, report }) {
    for (const app of wsgiApps(server)) {
      const e = app.entry;
      const script = app.scriptArg.value;
      // The path as httpd resolves it (Defines, ServerRoot); unknown (a variable, a template placeholder): nothing to say.
      const scriptPath = serverPath(server, script);
      if (!scriptPath) continue;
      const dir = normalizeDir(path.posix.dirname(scriptPath));
      const access = directoryAccess(server, dir, e.vhost);
      if (access?.verdict !== "granted") continue;
      const settings = settingsOnDisk(fs, dir) ?? settingsInferred(server, fs, app, scriptPath, dir);
      if (!settings) continue;
      report({
        messageId: "beside",
        data: { script, settings, granted: access.section.node.args[0]?.raw ?? dir },
        at: e.node,
      });
    }
  },
});

/** `settings.py` or a `settings/` package in the directory, when it can be read. */
function settingsOnDisk(fs: FsFacade, dir: string): string | null | undefined {
  const names = fs.list(dir);
  if (!names) return undefined; // unreadable: infer instead
  if (names.includes("settings.py")) return path.posix.join(dir, "settings.py");
  if (names.includes("settings") && fs.kind(path.posix.join(dir, "settings")) === "dir") {
    const inner = fs.list(path.posix.join(dir, "settings")) ?? [];
    if (inner.some((n) => n.endsWith(".py"))) return path.posix.join(dir, "settings") + "/";
  }
  return null;
}

/**
 * Without a readable tree: the script's directory is the package that holds the
 * settings module named by DJANGO_SETTINGS_MODULE, found on python-path.
 */
function settingsInferred(server: ApacheServer, fs: FsFacade, app: WsgiApp, scriptPath: string, dir: string): string | null {
  const scriptText = fs.read(scriptPath).text;
  const module = settingsModule(server, app.entry) ?? (scriptText ? (settingsModuleInScriptText(scriptText, scriptPath)?.value ?? null) : null);
  if (!module) return null;
  const roots = pythonPath(server, app, scriptText);
  const parts = module.split(".");
  for (const root of roots) {
    // mysite.settings -> <root>/mysite holds settings.py; mysite.settings.prod -> <root>/mysite holds settings/.
    for (let i = parts.length - 1; i >= 0; i--) {
      if (!parts[i].startsWith("settings")) continue;
      const holder = normalizeDir(path.posix.join(root, ...parts.slice(0, i)));
      if (holder === dir) return path.posix.join(holder, parts[i] + (i === parts.length - 1 ? ".py" : "/"));
    }
  }
  return null;
}

function settingsModule(server: ApacheServer, e: ApacheEntry<ApacheDirective>): string | null {
  const env = server.directivesInEffect("SetEnv", e).filter((s) => s.node.args[0]?.value === "DJANGO_SETTINGS_MODULE");
  return env.length ? (env[env.length - 1].node.args[1]?.value ?? null) : null;
}

/** Where Python looks for the settings package: the daemon's python-path and WSGIPythonPath, then the script's own sys.path lines. */
function pythonPath(server: ApacheServer, app: WsgiApp, scriptText: string | undefined): string[] {
  // Loops, not push(...list): a path of a million ':' is a million entries, more than a call takes.
  const out: string[] = [];
  for (const p of pythonPathsOf(server, app)) out.push(p.path);
  if (scriptText) for (const m of scriptText.matchAll(/sys\.path\.(?:append|insert)\(\s*(?:0\s*,\s*)?['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out.filter(Boolean).map(normalizeDir);
}
