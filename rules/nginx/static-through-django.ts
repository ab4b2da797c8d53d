import { djangoEvidence, isRootLocation } from "../../src/model/nginx/proxy.js";
import type { Location } from "../../src/model/nginx/server.js";
import { defineRule } from "../../src/rule-api.js";

/** `try_files` that looks for a file first: `$uri`, `$uri/`, `/static$uri`... before the fallback. */
const tryFilesServesFiles = (args: string[]) =>
  args.length >= 2 && args.slice(0, -1).some((a) => a.includes("$uri") || a.includes("$request_uri") || a.includes("$request_filename"));

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/static-through-django",
    severity: "warning",
    summary: "A server sends every request to Django, static and media files included",
    rationale:
      "When `location /` hands everything to Django and no location serves files, each stylesheet, image and upload goes through a Python process that is slow at it and that a page's dozens of assets keep busy. Serve `/static/` and `/media/` from disk with their own `location` (`alias` to `STATIC_ROOT`/`MEDIA_ROOT`), or let nginx look for a file first: `try_files $uri @django;`.",
    silentWhen: [
      "the server is not surely a Django site (uwsgi, a backend named after Django or a Python app server, or /admin/ beside /static/)",
      "any other location serves files (alias, root, a regex for file extensions) or `try_files` looks for a file first",
      "an include in the server cannot be read",
    ],
    seeds: [
      { seed: "004", section: "check if a file matching the request exists" },
      { seed: "002", section: "Running a Separate Media Server" },
    ],
    messages: {
      all: "'location /' sends every request to Django ({{why}}) and nothing serves static or media files from disk; add a location for /static/ and /media/ or 'try_files $uri @django'",
    },
    absence: ["all"],
  },
  check({ server, report }) {
    for (const vs of server.servers) {
      const root = vs.locations.find((l) => isRootLocation(l) && l.parent === null);
      if (!root || root.block.incomplete) continue;
      const h = root.handler;
      if (h.kind !== "proxy" && h.kind !== "uwsgi" && h.kind !== "fastcgi" && h.kind !== "scgi") continue;
      if (h.kind === "proxy" && !server.isAppBackend(h.backend)) continue;
      if (server.chain(vs.scope).some((s) => s.unresolvedInclude) || vs.scope.children.some((c) => c.unresolvedInclude)) continue;
      const why = djangoEvidence(server, vs);
      if (!why) continue;
      if (vs.locations.some((l) => l !== root && servesFiles(l))) continue;
      const tryFiles = [root.scope, vs.scope].flatMap((s) => server.directivesIn(s, "try_files"));
      if (tryFiles.some((e) => tryFilesServesFiles(e.node.args.map((a) => a.value)))) continue;
      report({ messageId: "all", data: { why }, at: { file: root.block.file, range: root.block.openRange } });
    }
  },
});

function servesFiles(l: Location): boolean {
  if (l.handler.kind === "static") return true;
  return l.scope.entries.some((e) => e.node.kind === "directive" && e.node.name === "try_files");
}
