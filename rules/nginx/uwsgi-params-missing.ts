import { passBlock } from "../../src/model/nginx/proxy.js";
import { defineRule } from "../../src/rule-api.js";

const PARAMS = {
  uwsgi: { param: "uwsgi_param", file: "uwsgi_params", pass: "uwsgi_pass" },
  fastcgi: { param: "fastcgi_param", file: "fastcgi_params", pass: "fastcgi_pass" },
} as const;

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/uwsgi-params-missing",
    severity: "error",
    summary: "uwsgi_pass or fastcgi_pass with no request parameters passed to the backend",
    rationale:
      "Unlike `proxy_pass`, the uwsgi and FastCGI protocols carry the request as parameters that nginx only sends when told to: without `include uwsgi_params;` (or `fastcgi_params` / `fastcgi.conf`) Django gets no `REQUEST_METHOD`, `PATH_INFO`, `QUERY_STRING` or `HTTP_HOST`, and every request fails or lands on the wrong view. Include the parameter file nginx ships next to the pass.",
    silentWhen: [
      "any `uwsgi_param` / `fastcgi_param` is in effect (the rule does not judge which ones)",
      "an `include` on the way cannot be read (it may set them)",
    ],
    seeds: [
      { seed: "003", section: "Specifying the location of the FastCGI server" },
      { seed: "004", section: "Nginx" },
    ],
    fix: {
      safety: "safe",
      title: "Include the protocol's parameter file",
      why: "without the parameters no request reaches the right view: no request that works today changes",
    },
    messages: {
      missing: "'{{pass}}' sends the application no request parameters (no method, path or query): no '{{param}}' is in effect here; add 'include {{file}};'",
    },
    absence: ["missing"],
  },
  check({ server, report }) {
    for (const loc of server.locations) {
      const h = loc.handler;
      if ((h.kind !== "uwsgi" && h.kind !== "fastcgi") || h.entry.node.incomplete) continue;
      const p = PARAMS[h.kind];
      const eff = server.directivesInEffect(p.param, h.entry.scope);
      const at = passBlock(h.entry);
      if (!at || eff.unsure || eff.entries.length) continue;
      report({
        messageId: "missing",
        data: { pass: `${p.pass} ${h.backend.arg.raw}`, param: p.param, file: p.file },
        at,
        fix: (f) => [f.insertLinesBefore(h.entry.node, [`include ${p.file};`])],
      });
    }
  },
});
