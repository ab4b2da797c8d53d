import { parseBackend } from "../../src/model/nginx/addresses.js";
import { proxyPassUri } from "../../src/model/nginx/backends.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/proxy-pass-normalized",
    severity: "info",
    summary: "proxy_pass with a URI part sends Django the decoded, normalised path instead of the client's",
    rationale:
      "With a URI part (`proxy_pass http://backend/;`, `http://backend/app/`), nginx replaces the location prefix in the request's *decoded and normalised* path and sends that: `%2F` reaches Django as `/`, `%20` as a space, `..` segments are resolved. Slugs and file names with encoded slashes break (404 or the wrong object), and what Django checks is not what the client sent (path confusion with upstream security checks). Without a URI part (`proxy_pass http://backend;`) the request URI goes through as the client wrote it. Checked on nginx 1.22: under `location /norm/ { proxy_pass http://127.0.0.1:9000/; }` the request `/norm/a%2Fb` reaches the backend as `/a/b`; without the `/` it is `/norm/a%2Fb`.",
    silentWhen: [
      "the URI part holds variables (nginx sends what they give), or the location is an exact (`=`) match",
      "proxy_pass is in a regex or named location, where nginx allows no URI part anyway",
    ],
    seeds: [],
    references: [
      { title: "nginx: proxy_pass (ngx_http_proxy_module)", url: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass" },
      { title: "gixy: proxy_pass_normalized", url: "https://github.com/dvershinin/gixy/blob/master/gixy/plugins/proxy_pass_normalized.py" },
    ],
    messages: {
      same: "'proxy_pass {{target}}' has the URI part '{{uri}}': nginx sends the decoded, normalised path ('%2F' becomes '/', '..' is resolved) instead of the client's; write 'proxy_pass {{bare}};', which sends the same path as the client wrote it",
      replaced:
        "'proxy_pass {{target}}' has the URI part '{{uri}}': nginx sends the decoded, normalised path ('%2F' becomes '/', '..' is resolved) instead of the client's; if Django must see encoded characters, proxy without a URI part and let Django's URLs carry the '{{prefix}}' prefix",
    },
  },
  check({ server, report }) {
    for (const loc of server.locations) {
      if ((loc.modifier !== "" && loc.modifier !== "^~") || loc.block.incomplete) continue;
      for (const scope of [loc.scope, ...loc.scope.children.filter((c) => c.kind === "if" || c.kind === "limit_except")]) {
        for (const e of server.directivesIn(scope, "proxy_pass")) {
          const arg = e.node.args[0];
          if (!arg || e.node.incomplete) continue;
          const uri = proxyPassUri(parseBackend("proxy", arg));
          if (uri === null) continue;
          const bare = arg.value.slice(0, arg.value.length - uri.length).replace(/:$/, "");
          const same = uri === loc.path;
          report({ messageId: same ? "same" : "replaced", data: { target: arg.value, uri, bare, prefix: loc.path }, at: arg });
        }
      }
    }
  },
});
