import { proxyPassAuthority } from "../../src/model/nginx/backends.js";
import { internalOnly, locationAt } from "../../src/model/nginx/location-match.js";
import { variables, type ClientInput } from "../../src/model/nginx/variables.js";
import { defineRule, phrase } from "../../src/rule-api.js";

const KIND_WORDS: Record<ClientInput["kind"], string> = {
  uri: "the request path",
  query: "the query string",
  header: "a request header",
  argument: "a query argument",
  cookie: "a cookie",
};

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/ssrf-proxy-pass",
    severity: "error",
    summary: "proxy_pass takes its host or scheme from the request, so clients choose what the server fetches (SSRF)",
    rationale:
      "When the host (or scheme) of `proxy_pass` comes from the client, through `$http_*`, `$arg_*`, `$cookie_*` or a capture of the URI (`location ~ ^/proxy/(.*)$ { proxy_pass http://$1; }`), anyone can make nginx fetch any address it can reach: the cloud metadata service (`169.254.169.254`), the database's HTTP port, Django's admin on localhost with the trust the proxy enjoys. The usual intent, serving private files after Django said yes (`X-Accel-Redirect`), needs `internal;` in that location so that only the internal redirect reaches it, or a `map` to a fixed set of backends.",
    silentWhen: [
      "the location is `internal` or named (`@x`): only an internal redirect, Django's `X-Accel-Redirect` for example, reaches it",
      "client input is only in the path part (`proxy_pass http://backend/$1;`)",
      "the variable is a `map` whose values are fixed hosts (the client picks among them)",
      "`$host`: nginx has matched it against `server_name` already",
      "a capture that can only be one of a few words (`location ~ ^/(eu|us)/ { proxy_pass http://$1.backend.internal; }`)",
    ],
    seeds: [],
    references: [
      { title: "nginx: proxy_pass (ngx_http_proxy_module)", url: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass" },
      { title: "nginx: internal (ngx_http_core_module)", url: "https://nginx.org/en/docs/http/ngx_http_core_module.html#internal" },
      { title: "gixy: ssrf", url: "https://github.com/yandex/gixy/blob/master/docs/en/plugins/ssrf.md" },
    ],
    // Security: server-side request forgery.
    security: { cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:L/A:N", cwe: [918] },
    messages: {
      ssrf: "The host of 'proxy_pass {{target}}' comes from {{source}}, which the client controls: anyone can make this server fetch an address of their choosing; add 'internal;' if only X-Accel-Redirect should reach this location, or map the input to fixed backends",
    },
  },
  check({ server, report }) {
    const vars = variables(server);
    for (const e of server.directives("proxy_pass")) {
      const arg = e.node.args[0];
      if (!arg || e.node.incomplete || !arg.value.includes("$")) continue;
      const loc = locationAt(server, e.scope);
      if (!loc || internalOnly(loc)) continue;
      const target = vars.expandLeadingSet(e, arg.value);
      const input = vars.inputsIn(target.at, proxyPassAuthority(target.value)).find((i) => !i.fixed);
      if (!input) continue;
      const words = KIND_WORDS[input.kind];
      const source = input.capture
        ? phrase`a capture of ${words} (${input.variable})`
        : input.variable === input.source
          ? phrase`${words} (${input.source})`
          : phrase`${words} (${input.source}, through ${input.variable})`;
      report({ messageId: "ssrf", data: { target: arg.value, source }, at: arg });
    }
  },
});
