import type { FsFacade } from "../../src/load/fs-facade.js";
import { appServesStatic } from "../../src/model/django/served.js";
import { knownSetting } from "../../src/model/django/sides.js";
import { projectsOfServerBlock } from "../../src/model/django/site-servers.js";
import { djangoEvidence, isRootLocation } from "../../src/model/nginx/proxy.js";
import type { Location, VirtualServer } from "../../src/model/nginx/server.js";
import { defineRule, type RunModels } from "../../src/rule-api.js";

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
      "the server is tied to a Django project that serves its static files itself (WhiteNoise, ServeStatic: `django/static-not-served` reads how) and keeps no uploads on disk (`MEDIA_ROOT` not set); one that keeps uploads is told that only they are left unserved",
    ],
    seeds: [
      { seed: "004", section: "check if a file matching the request exists" },
      { seed: "002", section: "Running a Separate Media Server" },
    ],
    messages: {
      all: "'location /' sends every request to Django ({{why}}) and nothing serves static or media files from disk; add a location for /static/ and /media/ or 'try_files $uri @django'",
      uploads:
        "'location /' sends every request to Django ({{why}}) and nothing serves the uploads in MEDIA_ROOT from disk: the project serves its static files itself (WhiteNoise), but Django does not serve uploads with DEBUG off; add a location for /media/ with an alias to MEDIA_ROOT",
    },
    absence: ["all"],
    // Read only when the rule would fire: whether the project tied to the server serves its files itself.
    djangoSettings: [
      "MIDDLEWARE",
      "MIDDLEWARE_CLASSES",
      "STORAGES",
      "STATICFILES_STORAGE",
      "WSGI_APPLICATION",
      "ASGI_APPLICATION",
      "ROOT_URLCONF",
      "MEDIA_ROOT",
    ],
  },
  check({ server, run, fs, report }) {
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
      const app = appServesFiles(run, fs, vs);
      if (app === "all") continue;
      report({ messageId: app === "static" ? "uploads" : "all", data: { why }, at: { file: root.block.file, range: root.block.openRange } });
    }
  },
});

function servesFiles(l: Location): boolean {
  if (l.handler.kind === "static") return true;
  return l.scope.entries.some((e) => e.node.kind === "directive" && e.node.name === "try_files");
}

/**
 * What the Django projects tied to the server serve themselves: "all" when every one serves its static files
 * (WhiteNoise puts them behind far-future caching headers, and is meant to) and keeps no uploads on disk for the
 * server to serve (`MEDIA_ROOT` not set); "static" when every one serves its static files but some keep uploads,
 * which Django does not serve with DEBUG off; null when nothing is known.
 */
function appServesFiles(run: RunModels, fs: FsFacade, vs: VirtualServer): "all" | "static" | null {
  const tied = projectsOfServerBlock(run.django, vs);
  if (!tied.length || !tied.every((p) => appServesStatic(fs, p) === "yes")) return null;
  return tied.every(noLocalMedia) ? "all" : "static";
}

function noLocalMedia(p: Parameters<typeof knownSetting>[0]): boolean {
  const media = knownSetting(p, "MEDIA_ROOT");
  return media !== null && (media.how === "default" || media.value === "");
}
