import { findProjectBelow } from "../../src/model/django/project.js";
import { defineRule, isOpaque, type RuleContext } from "../../src/rule-api.js";

/** How deep below the document root to look, and how many directories at most. */
const LIMITS = { maxDepth: 3, maxDirs: 500 };

export default defineRule({
  dialect: "lighttpd",
  meta: {
    id: "lighttpd/document-root-exposes-project",
    severity: "error",
    summary: "server.document-root is, or contains, the Django project",
    rationale:
      "Everything under `server.document-root` is a static file lighttpd hands out. When the Django project lives there, a request for `/mysite/settings.py` returns the settings with `SECRET_KEY` and the database password, and any URL the rewrite rules let through reaches the source. Keep the project outside the document root (The Django Book's setup serves `/home/user/public_html` and runs the project from elsewhere through FastCGI).",
    silentWhen: [
      "the document root cannot be read here (map the production path to a local copy with --map)",
      "the document root cannot be known (an environment variable)",
    ],
    seeds: [
      { seed: "001", section: "this directory should never be created under" },
      { seed: "002", section: 'server.document-root = "/home/user/public_html"' },
    ],
    // Security: the document root serves the project's source and settings to anyone.
    security: { cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", cwe: [219] },
    messages: {
      exposed:
        'server.document-root "{{root}}" contains the Django project ({{found}}): lighttpd serves its files, settings.py with SECRET_KEY and passwords included, to anyone who asks; point the document root at a directory that holds only public files',
    },
  },
  check({ server, fs, report }) {
    for (const setting of server.settings("server.document-root")) {
      const v = setting.value;
      const node = setting.assignments[setting.assignments.length - 1];
      if (v.type !== "string" || !v.value.startsWith("/") || isOpaque(v.value) || node.incomplete || !node.value) continue;
      const found = findProject(fs, v.value.replace(/\/+$/, "") || "/");
      if (found) report({ messageId: "exposed", data: { root: v.value, found }, at: node.value });
    }
  },
});

/** The first project marker below `root` (breadth first, relative path), or null. */
function findProject(fs: RuleContext<"lighttpd">["fs"], root: string): string | null {
  const found = findProjectBelow(fs, root, LIMITS);
  const marker = found?.markers.find((m) => m.kind === "manage.py") ?? found?.markers[0];
  return found && marker ? (found.relative ? `${found.relative}/` : "") + marker.name : null;
}
