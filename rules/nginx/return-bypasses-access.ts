import { inRewritePhase, restrictionAt, rewriteOutcome } from "../../src/model/nginx/access.js";
import { internalOnly, locationAt, locationFor, serverAt } from "../../src/model/nginx/location-match.js";
import { defineRule } from "../../src/rule-api.js";

/** `rewrite ... last` targets looked up per server: each is a location search, and generated configs have thousands. */
const MAX_TARGET_LOOKUPS = 64;

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/return-bypasses-access",
    severity: "warning",
    summary: "return or rewrite answers before the access phase, so allow/deny and authentication never apply to it",
    rationale:
      "nginx runs the rewrite phase (`return`, `rewrite`, `set`, `if`) before the access phase (`allow`/`deny`, `auth_basic`, `auth_request`). A `return 200 ...` in a location with `deny all;`, or a `rewrite ... last` that sends the request to a location without the restriction, answers everyone: the restriction looks in place and is not. Serve the answer from a location the restriction does not cover, or move the check into the location the request ends up in. Checked on nginx 1.22: under `deny all;`, `return 200` answers 200, `rewrite ^ /open/ last;` reaches the open location, `rewrite ... redirect` redirects, and `rewrite ... break` is still 403.",
    silentWhen: [
      "the restriction is only an `allow` list without `deny` (that is `nginx/allow-without-deny`)",
      "`return` answers with an error status (4xx, 5xx, 444): that is what the restriction would have answered",
      "the redirect sends the same request to HTTPS (`return 301 https://$host$request_uri;`), where the restriction meets it again",
      "`rewrite ... break`: it stays in the location and the access phase still runs",
      "`rewrite ... last` to a URI whose location is restricted too, or whose URI the linter cannot work out (variables); beyond the first 64 such rewrites of a configuration (a bound for generated ones)",
      "the location is named (`@name`) or `internal`: only an internal redirect, which passed the access phase already, reaches it",
    ],
    seeds: [],
    references: [
      { title: "nginx: Development guide, HTTP phases", url: "https://nginx.org/en/docs/dev/development_guide.html#http_phases" },
      { title: "nginx: ngx_http_rewrite_module", url: "https://nginx.org/en/docs/http/ngx_http_rewrite_module.html" },
      { title: "gixy: return_bypasses_allow_deny", url: "https://github.com/dvershinin/gixy/blob/master/gixy/plugins/return_bypasses_allow_deny.py" },
    ],
    // Security: a restricted location answers everyone.
    security: { cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", cwe: [284, 696] },
    messages: {
      answers:
        "'{{directive}}' answers before the access phase, so '{{restriction}}' (line {{line}}) never applies to these requests; answer from a location it does not cover, or drop the restriction",
      redirects:
        "'{{directive}}' redirects before the access phase, so '{{restriction}}' (line {{line}}) never applies to these requests; redirect from a location it does not cover, or drop the restriction",
      internal:
        "'{{directive}}' moves the request to {{where}} before the access phase: '{{restriction}}' (line {{line}}) never applies, and nothing restricts the new location",
    },
  },
  check({ server, report }) {
    let lookups = 0;
    for (const name of ["return", "rewrite"]) {
      for (const e of server.directives(name)) {
        if (e.node.incomplete || !inRewritePhase(e.scope)) continue;
        const loc = locationAt(server, e.scope);
        if (loc && internalOnly(loc)) continue;
        const vs = serverAt(server, e.scope);
        const out = rewriteOutcome(e, vs?.names.map((n) => n.toLowerCase()) ?? []);
        if (out.kind === "none" || (out.kind === "answer" && /^([45]\d\d|444)$/.test(out.status))) continue;
        if (out.kind === "redirect" && out.httpsUpgrade) continue;
        const { restriction, unsure } = restrictionAt(server, e.scope);
        if (!restriction || unsure) continue;
        const data = {
          directive: `${name} ${e.node.args.map((a) => a.value).join(" ")}`,
          restriction: `${restriction.entry.node.name} ${restriction.entry.node.args[0]?.value ?? ""}`.trim(),
          line: restriction.entry.node.range.line,
        };
        if (out.kind === "internal") {
          if (!vs || out.target === null || ++lookups > MAX_TARGET_LOOKUPS) continue;
          const dest = locationFor(vs, out.target);
          if (dest.unsure) continue;
          if (dest.location && restrictionAt(server, dest.location.scope).restriction) continue;
          report({ messageId: "internal", data: { ...data, where: dest.location ? `'location ${dest.location.path}'` : "the server level" }, at: e.node });
          continue;
        }
        report({ messageId: out.kind === "answer" ? "answers" : "redirects", data, at: e.node });
      }
    }
  },
});
