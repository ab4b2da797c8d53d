import type { ArgNode } from "../../src/ast/types.js";
import { rewriteOutcome } from "../../src/model/nginx/access.js";
import { proxyPassAuthority } from "../../src/model/nginx/backends.js";
import { variables, type ClientInput } from "../../src/model/nginx/variables.js";
import { defineRule, phrase } from "../../src/rule-api.js";

/** Where a directive's value ends up, for the message. */
const WHERE: Record<string, string> = {
  return: "the Location header of this redirect",
  rewrite: "the Location header of this redirect",
  add_header: "a response header",
  proxy_set_header: "a request header sent to the backend",
  proxy_pass: "the request line sent to the backend",
};

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/http-splitting",
    severity: "error",
    summary: "A header or redirect is built from decoded client input that can hold a newline (CRLF injection)",
    rationale:
      "nginx decodes the URI before it matches locations: `%0d%0a` in a request becomes a real CR LF in `$uri`, `$document_uri` and in regex captures of the URI whose pattern can match a newline (`[^/]+`, `\\s`, `\\D`, `(?s).`; a plain `.` cannot). Put into a redirect, a response header or a header sent to Django, that line feed starts a header of the client's choosing: `Set-Cookie`, a second `Location`, or a forged `X-Forwarded-For` for the backend. The classic case is the HTTPS redirect `return 301 https://$host$uri;`: write `$request_uri`, which stays encoded. Checked on nginx 1.22: `/x%0d%0aSet-Cookie:%20a=1` adds a Set-Cookie header through `return 301 https://$host$uri;`, through `rewrite ^ https://$host$uri redirect;` and through `add_header X $1;` after `location ~ ^/a/([^/]+)$`, and reaches the backend as a header through `proxy_set_header X $uri;`; `$request_uri` does not, and neither do numbered captures in a `rewrite` replacement or a `set` (the rewrite module escapes them).",
    silentWhen: [
      "the value uses only raw request variables (`$request_uri`, `$args`, `$arg_*`, `$http_*`, `$cookie_*`): they cannot hold a line feed",
      "a regex capture whose group cannot match a newline (`(.+)`, `(\\w+)`, `([a-z0-9-]+)`)",
      "numbered captures (`$1`) in a `rewrite` replacement or in `set`: the rewrite module escapes them (named captures are variables and are not escaped)",
      "`return` with a status that is not a redirect: the value is the body, not a header",
      "the variable is in the host of `proxy_pass`: a name with a newline never resolves, so nothing is sent",
    ],
    seeds: [],
    references: [
      {
        title: "nginx: ngx_http_core_module, embedded variables ($uri, $request_uri)",
        url: "https://nginx.org/en/docs/http/ngx_http_core_module.html#variables",
      },
      { title: "nginx: return (ngx_http_rewrite_module)", url: "https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#return" },
      { title: "gixy: http_splitting", url: "https://github.com/yandex/gixy/blob/master/docs/en/plugins/httpsplitting.md" },
    ],
    // Security: CRLF injection into response (or backend request) headers.
    security: { cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", cwe: [113, 93] },
    messages: {
      splitting:
        "{{variable}} ({{why}}) can hold a line feed the client sends as %0A, and goes into {{where}}: a request for '/x%0d%0aSet-Cookie:...' adds a header of its own; {{advice}}",
    },
  },
  check({ server, report }) {
    const vars = variables(server);
    for (const name of Object.keys(WHERE)) {
      for (const e of server.directives(name)) {
        if (e.node.incomplete) continue;
        const arg = headerValue(name, e.node.args, () => rewriteOutcome(e, []).kind === "redirect");
        if (!arg) continue;
        // A newline in proxy_pass's host never leaves nginx (no such name resolves): only its path counts,
        // also when the target is a `set` variable (`set $u "http://$1/$p"; proxy_pass $u;`).
        const target = name === "proxy_pass" ? vars.expandLeadingSet(e, arg.value) : { value: arg.value, at: e };
        const value = name === "proxy_pass" ? target.value.slice(proxyPassAuthority(target.value).length) : target.value;
        const bad = vars.inputsIn(target.at, value).find((i) => i.newline);
        if (!bad) continue;
        report({ messageId: "splitting", data: { variable: bad.variable, why: why(bad), where: WHERE[name], advice: advice(bad) }, at: arg });
      }
    }
  },
});

/** The argument whose value becomes a header (or the backend's request line). */
function headerValue(name: string, args: ArgNode[], redirects: () => boolean): ArgNode | null {
  if (name === "add_header" || name === "proxy_set_header") return args[1] ?? null;
  if (name === "proxy_pass") return args[0] ?? null;
  if (!redirects()) return null;
  if (name === "rewrite") return args[1] ?? null;
  // return 301 URL, or return URL
  return /^\d+$/.test(args[0]?.value ?? "") ? (args[1] ?? null) : (args[0] ?? null);
}

function why(i: ClientInput) {
  if (i.capture) return phrase`a capture of the decoded URI whose pattern can match a newline`;
  if (i.source !== i.variable) return phrase`taken from ${i.source}, the decoded URI`;
  return phrase`the decoded URI`;
}

function advice(i: ClientInput) {
  if (i.capture) return phrase`capture with a group that excludes newlines (such as [^/\\s]+), or use $request_uri`;
  return phrase`use $request_uri, which keeps the client's encoding`;
}
