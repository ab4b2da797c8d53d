import { describeBackend } from "../../src/model/nginx/proxy.js";
import { isPrefixLocation, isRegexLocation, takenBy, takenFrom } from "../../src/model/nginx/location-match.js";
import type { Location, VirtualServer } from "../../src/model/nginx/server.js";
import { prefixSource, servedKind, staticMediaPrefixes, type UrlPrefixes } from "../../src/model/static-media.js";
import { defineRule, Phrase, shown } from "../../src/rule-api.js";

const PASSES = new Set(["proxy", "uwsgi", "fastcgi", "scgi", "grpc"]);
/** File locations looked at per server: real sites have a handful; a generated config with thousands must not make this quadratic. */
const MAX_FILE_LOCATIONS = 16;

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/regex-location-shadows-static",
    severity: "warning",
    summary: "A regex location that passes requests to a backend also takes files under a static or media prefix location",
    rationale:
      "nginx remembers the longest matching prefix location, then tries the regex locations in order, and the first regex that matches wins, unless the prefix location is written `^~`. So `location /media/ { alias ...; }` beside `location ~ \\.php$ { fastcgi_pass ...; }` sends `/media/avatar.php` to PHP, and `location ~ ^/(api|files)/` or a catch-all regex sends static files to Django. For user uploads with PHP behind the regex that is remote code execution: upload `shell.php`, then request it (error). Write the file locations as `location ^~ /media/`. Checked on nginx 1.22: a `~ \\.css$` location answers `/static/app.css` under `location /static/` and does not answer `/media/app.css` under `location ^~ /media/`.",
    silentWhen: [
      "the prefix location is written `^~` (regexes are not tried), or is not a static or media one: by its prefix, STATIC_URL/MEDIA_URL when the settings are read, else the conventional /static/, /media/ and /uploads/",
      "no URL the linter tries under the prefix (file names with the regex's own extensions and common ones) reaches the regex",
      "the regex cannot be evaluated here (PCRE-only syntax), or an include in the server cannot be read",
      "beyond a server's first 16 static and media locations, or the first 24 file extensions its regexes name (a bound for generated configurations)",
    ],
    seeds: [],
    references: [
      { title: "nginx: location (ngx_http_core_module)", url: "https://nginx.org/en/docs/http/ngx_http_core_module.html#location" },
      { title: "nginx: How nginx processes a request", url: "https://nginx.org/en/docs/http/request_processing.html" },
    ],
    // Security: uploads reach a backend; with PHP, uploaded scripts run.
    security: { cvss: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", cwe: [434] },
    messages: {
      shadows:
        "This regex location sends '{{example}}' and other files under {{prefixes}} to {{backend}}: a regex wins over a prefix location without '^~' ({{source}}); write 'location ^~ {{first}}'",
      executes:
        "This regex location sends uploads such as '{{example}}' under {{prefixes}} to PHP ({{backend}}): an uploaded script runs on the server ({{source}}); write 'location ^~ {{first}}' and never pass uploads to PHP",
    },
  },
  check({ server, report }) {
    const prefixes = staticMediaPrefixes();
    for (const vs of server.servers) {
      const backends = new Set(vs.locations.filter((r) => isRegexLocation(r) && !r.block.incomplete && PASSES.has(r.handler.kind)));
      if (!backends.size) continue;
      const patterns = [...backends].map((r) => r.path);
      // regex location -> the static/media prefixes it takes URLs from
      const hits = new Map<Location, Hit[]>();
      for (const p of fileLocations(vs, prefixes)) {
        for (const [r, example] of takenBy(vs, p.location, patterns)) {
          if (!backends.has(r)) continue;
          const list = hits.get(r);
          if (list) list.push({ ...p, example });
          else hits.set(r, [{ ...p, example }]);
        }
      }
      for (const r of backends) {
        const found = hits.get(r);
        if (!found || !("backend" in r.handler)) continue;
        const php = r.handler.kind === "fastcgi" ? found.find((h) => h.kind === "media" && takenFrom(vs, h.location, r, ["x.php"]) !== null) : undefined;
        const first = php ?? found[0];
        report({
          messageId: php ? "executes" : "shadows",
          data: {
            example: php ? `${first.location.path.replace(/\/?$/, "/")}x.php` : first.example,
            prefixes: new Phrase(found.map((h) => `'${shown(h.location.path)}'`).join(", ")),
            backend: describeBackend(server, r.handler.backend),
            first: first.location.path,
            source: prefixSource(prefixes, first.kind),
          },
          at: { file: r.block.file, range: r.block.openRange },
          ...(php ? { severity: "error" as const } : {}),
        });
      }
    }
  },
});

type Hit = { location: Location; kind: "static" | "media"; example: string };

/** The static and media prefix locations that serve files and lack `^~`. */
function fileLocations(vs: VirtualServer, prefixes: UrlPrefixes): { location: Location; kind: "static" | "media" }[] {
  const out: { location: Location; kind: "static" | "media" }[] = [];
  for (const p of vs.locations) {
    if (!isPrefixLocation(p) || p.modifier === "^~" || p.handler.kind !== "static" || p.block.incomplete) continue;
    const kind = servedKind(p.path, prefixes);
    if (kind) out.push({ location: p, kind });
    if (out.length === MAX_FILE_LOCATIONS) break;
  }
  return out;
}
