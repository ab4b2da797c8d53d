import path from "node:path";
import type { FsFacade } from "../../src/load/fs-facade.js";
import { directoryAccess, normalizeDir } from "../../src/model/apache/access.js";
import { CONDITIONAL_SECTIONS } from "../../src/model/apache/conditions.js";
import type { ApacheEntry, ApacheServer } from "../../src/model/apache/server.js";
import { pythonPathsOf, wsgiApps } from "../../src/model/apache/wsgi-apps.js";
import { findProjectBelow } from "../../src/model/django/project.js";
import { serverPath } from "../../src/model/apache/helpers.js";
import { defineRule, phrase, type Phrase } from "../../src/rule-api.js";

/** DocumentRoot and two levels below it, at most 200 directories listed. */
const LIMITS = { maxDepth: 2, maxDirs: 200 };

interface Evidence {
  /** Server path of the project piece. */
  path: string;
  what: Phrase;
}

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/project-under-document-root",
    severity: "error",
    summary: "The Django project lies inside DocumentRoot",
    rationale:
      "Everything under `DocumentRoot` is served as static files. A Django project there (its WSGI script, a `python-path` entry, a directory with `settings.py` or `manage.py`) lets anyone download the source, `settings.py` with `SECRET_KEY` and database passwords, and sometimes the SQLite database. Keep the project outside every directory Apache serves and map only static and media files with `Alias`.",
    silentWhen: [
      "a `<Directory>` denies access to the project directory",
      "DocumentRoot cannot be read and nothing in the configuration (WSGI script, `python-path`, `WSGIPythonPath`) points inside it",
      "DocumentRoot or the project path is built from a variable the linter cannot resolve",
    ],
    seeds: [{ seed: "001", section: "this directory should never be created under !DocumentRoot" }],
    // Security: DocumentRoot serves the project's source and settings to anyone.
    security: { cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", cwe: [219] },
    messages: {
      inside:
        "DocumentRoot {{root}} contains the Django project ({{what}}): Apache can serve its source and settings as static files; move the project outside DocumentRoot",
    },
  },
  check({ server, fs, report }) {
    // What the configuration says the project is.
    const fromConfig: Evidence[] = [];
    for (const app of wsgiApps(server)) {
      if (!placesProject(server, app.entry) || !app.dir) continue;
      fromConfig.push({ path: app.dir, what: phrase`the WSGI script ${app.scriptArg.value}` });
      for (const p of pythonPathsOf(server, app)) {
        const sp = serverPath(server, p.path);
        if (sp) fromConfig.push({ path: sp, what: phrase`python-path ${p.path}` });
      }
    }
    for (const e of server.directives("WSGIDaemonProcess")) {
      const opt = e.node.args.slice(1).find((a) => /^python-path=/i.test(a.value));
      if (!placesProject(server, e) || !opt) continue;
      for (const p of opt.value.slice(opt.value.indexOf("=") + 1).split(":")) {
        const sp = p ? serverPath(server, p) : null;
        if (sp) fromConfig.push({ path: sp, what: phrase`python-path ${p}` });
      }
    }

    // Evidence by each directory that holds it, so each DocumentRoot finds what lies inside it at once.
    const inside = new Map<string, number[]>();
    fromConfig.forEach((c, i) => {
      for (let p = normalizeDir(c.path); ; p = path.posix.dirname(p)) {
        if (inside.has(p)) inside.get(p)?.push(i);
        else inside.set(p, [i]);
        if (path.posix.dirname(p) === p) break;
      }
    });
    for (const e of server.directives("DocumentRoot")) {
      const arg = e.node.args[0];
      if (!arg || e.active !== "yes") continue;
      const root = serverPath(server, arg.value);
      if (!root || root === "/") continue;
      const exposed = (p: string) => {
        const v = directoryAccess(server, p, e.vhost)?.verdict;
        return isInside(p, root) && v !== "denied" && v !== "unknown";
      };
      const first = (inside.get(root) ?? []).find((i) => exposed(fromConfig[i].path));
      const hit = (first !== undefined ? fromConfig[first] : undefined) ?? onDisk(fs, root, (p) => exposed(p));
      if (!hit) continue;
      report({ messageId: "inside", data: { root: arg.value, what: hit.what }, at: arg });
    }
  },
});

/**
 * Whether a WSGI directive tells where the project is: in effect, or only in
 * doubt because of `<IfModule>` (a lone virtual-host file wraps its mod_wsgi
 * lines in `<IfModule mod_wsgi.c>`). Where the project lies does not depend
 * on the module, and without mod_wsgi DocumentRoot serves it as plain files.
 */
function placesProject(server: ApacheServer, e: ApacheEntry): boolean {
  if (e.active !== "unknown") return e.active === "yes";
  return e.sections.every(
    (s) => !CONDITIONAL_SECTIONS.has(s.key) || server.conditionOf(s) === "yes" || (s.key === "ifmodule" && server.conditionOf(s) === "unknown"),
  );
}

function isInside(p: string, root: string): boolean {
  const a = normalizeDir(p);
  return a === root || a.startsWith(root + "/");
}

/** A directory holding manage.py, a settings file or a settings/ package at DocumentRoot or up to two levels below it. */
function onDisk(fs: FsFacade, root: string, exposed: (p: string) => boolean): Evidence | null {
  const found = findProjectBelow(fs, root, LIMITS, exposed);
  if (!found) return null;
  return { path: found.dir, what: phrase`${found.markers.map((m) => path.posix.join(rel(root, found.dir), m.name)).join(", ")}` };
}

function rel(root: string, dir: string): string {
  return dir === root ? "" : dir.slice(root.length + 1);
}
