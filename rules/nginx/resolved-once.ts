import { parseBackend, type PassKind } from "../../src/model/nginx/addresses.js";
import { resolvedOnce } from "../../src/model/nginx/backends.js";
import { nginxHas } from "../../src/model/nginx/version.js";
import { locationAt } from "../../src/model/nginx/location-match.js";
import { defineRule } from "../../src/rule-api.js";

const PASSES: [string, PassKind][] = [
  ["proxy_pass", "proxy"],
  ["uwsgi_pass", "uwsgi"],
  ["fastcgi_pass", "fastcgi"],
  ["scgi_pass", "scgi"],
  ["grpc_pass", "grpc"],
];

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/resolved-once",
    severity: "info",
    summary: "A pass directive names a host that nginx resolves only once, at start-up",
    rationale:
      "nginx looks up a host name written in `proxy_pass`/`uwsgi_pass` when it reads the configuration and keeps that address until it is reloaded. When the name moves (a Docker Compose service recreated with a new IP, a cloud load balancer, a failover), nginx keeps sending to the old address: 502 Bad Gateway until someone reloads it. Use an `upstream` whose server has the `resolve` parameter (with a `resolver`; open source nginx 1.27.3 and later), or a variable target with a `resolver` (`resolver 127.0.0.11 valid=10s;` inside Docker): nginx then resolves at run time. Which advice the message gives follows the nginx version (`nginxVersion` / `--nginx-version`, default 1.30).",
    silentWhen: [
      "the target is an address, `localhost`, a unix socket, or contains variables (nginx resolves those per request with a `resolver`)",
      "the target names an `upstream` group (its `server` lines are resolved once too, unless they have `resolve`; this rule does not look into them), or may name one: a name without a port in a file linted without its `http` block",
    ],
    seeds: [],
    references: [
      { title: "nginx: proxy_pass (ngx_http_proxy_module)", url: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass" },
      { title: "nginx: resolver (ngx_http_core_module)", url: "https://nginx.org/en/docs/http/ngx_http_core_module.html#resolver" },
      { title: "nginx: server ... resolve (ngx_http_upstream_module)", url: "https://nginx.org/en/docs/http/ngx_http_upstream_module.html#resolve" },
      { title: "gixy: missing_resolver", url: "https://github.com/dvershinin/gixy/blob/master/gixy/plugins/missing_resolver.py" },
    ],
    messages: {
      upstream:
        "'{{directive}} {{target}}' names the host '{{host}}', which nginx resolves once at start-up: when its address changes (a recreated container, a cloud load balancer) requests keep going to the old one until a reload; use an upstream with 'server {{server}} resolve;' and a resolver",
      variable:
        "'{{directive}} {{target}}' names the host '{{host}}', which nginx resolves once at start-up: when its address changes (a recreated container, a cloud load balancer) requests keep going to the old one until a reload; set the target in a variable and add a resolver",
    },
  },
  check({ server, report }) {
    const resolve = nginxHas(server, "upstreamResolve");
    for (const [name, kind] of PASSES) {
      for (const e of server.directives(name)) {
        const arg = e.node.args[0];
        if (!arg || e.node.incomplete || !locationAt(server, e.scope)) continue;
        const b = parseBackend(kind, arg);
        const host = resolvedOnce(server, b);
        if (!host) continue;
        const server_ = b.port ? `${host}:${b.port}` : host;
        report({ messageId: resolve ? "upstream" : "variable", data: { directive: name, target: arg.value, host, server: server_ }, at: arg });
      }
    }
  },
});
