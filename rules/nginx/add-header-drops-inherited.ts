import { dependsOnContentType, droppedAddHeaders, headerName, SECURITY_HEADERS } from "../../src/model/nginx/headers.js";
import type { Scope } from "../../src/model/nginx/server.js";
import { nginxHas, nginxVersion } from "../../src/model/nginx/version.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/add-header-drops-inherited",
    severity: "warning",
    summary: "A level with its own add_header silently drops the security headers set around it",
    rationale:
      'nginx inherits `add_header` directives from the enclosing level "if and only if there are no add_header directives defined on the current level". So the `Strict-Transport-Security`, `Content-Security-Policy` or `X-Frame-Options` a server sets vanish from every response of a location (or `if`) that adds a header of its own, typically `Cache-Control` on `/static/`: those pages can be framed, sniffed or loaded over HTTP. Repeat the security headers at that level, or, from nginx 1.29.3, write `add_header_inherit merge;` there (or once at the top). Which advice the message gives follows the nginx version (`nginxVersion` / `--nginx-version`, default 1.30, the current stable branch). Checked on nginx 1.22: a location with `add_header X-Test 1;` answers without the server\'s `X-Frame-Options`.',
    silentWhen: [
      "none of the dropped headers is a security header (Strict-Transport-Security, Content-Security-Policy, X-Frame-Options, X-Content-Type-Options, Referrer-Policy, Permissions-Policy)",
      "the level sets the same header again itself",
      "the dropped header's value is a `map` of `$sent_http_content_type` (sent only for some types, as h5bp does for X-Frame-Options), or a variable the linted files do not define: whether this level's responses would carry it is unknown",
      "`add_header_inherit merge` is in effect (it keeps the outer headers), or `add_header_inherit off` (it drops them on purpose)",
      "an include on the way cannot be read",
    ],
    seeds: [],
    references: [
      { title: "nginx: add_header (ngx_http_headers_module)", url: "https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header" },
      { title: "nginx: add_header_inherit (ngx_http_headers_module)", url: "https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header_inherit" },
      { title: "gixy: add_header_redefinition", url: "https://github.com/yandex/gixy/blob/master/docs/en/plugins/addheaderredefinition.md" },
    ],
    // Security: responses of that level lose HSTS, CSP or anti-framing headers.
    security: { cvss: "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N", cwe: [693] },
    messages: {
      merge:
        "The add_header here replaces the headers set around it, so responses of this {{level}} lose {{headers}}; add 'add_header_inherit merge;' here, or repeat them",
      repeat:
        "The add_header here replaces the headers set around it, so responses of this {{level}} lose {{headers}}; repeat them here (add_header_inherit needs nginx 1.29.3, this configuration targets {{version}})",
    },
  },
  check({ server, report }) {
    const seen = new Set<Scope>();
    const merge = nginxHas(server, "addHeaderInherit");
    for (const e of server.directives("add_header")) {
      const scope = e.scope;
      if (seen.has(scope) || e.node.incomplete) continue;
      seen.add(scope);
      const d = droppedAddHeaders(server, scope);
      if (!d || d.unsure) continue;
      const lost = [
        ...new Set(d.dropped.filter((x) => SECURITY_HEADERS.has(headerName(x)) && !dependsOnContentType(server, x)).map((x) => x.node.args[0].value)),
      ];
      if (!lost.length) continue;
      report({
        messageId: merge ? "merge" : "repeat",
        data: { level: levelName(scope), headers: lost.join(", "), version: nginxVersion(server) },
        at: d.own[0].node,
      });
    }
  },
});

function levelName(scope: Scope): string {
  if (scope.kind === "location") return `location ${scope.block?.args.map((a) => a.value).join(" ") ?? ""}`.trim();
  if (scope.kind === "if") return "if block";
  return scope.kind;
}
