import { describeBackend, passBlock, proxyHeader } from "../../src/model/nginx/proxy.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/proxy-missing-host-header",
    severity: "warning",
    summary: "A location proxies to the Django backend without passing the Host header",
    rationale:
      "Without `proxy_set_header Host`, nginx sends the backend the name written in `proxy_pass` (`127.0.0.1:9000`, or the upstream's name) as the request's Host. Django then validates that name against `ALLOWED_HOSTS` (400 Bad Request, or a setting loosened to `*`), and builds absolute URLs, redirects and CSRF origin checks with it. Pass the client's host: `proxy_set_header Host $host;`.",
    silentWhen: [
      "the backend is an outside site (`https://`, a public host name) or contains variables: its Host is then the right one",
      "an `include` on the way cannot be read (it may set the header)",
      "the location sits in a file linted without its server block (an outer level may set the header)",
    ],
    seeds: [{ seed: "004", section: "Nginx" }],
    fix: {
      safety: "unsafe",
      title: "Add proxy_set_header Host $host",
      why: "Django starts seeing the client's host instead of the backend address: `ALLOWED_HOSTS` must list it, and `$host` drops the port",
    },
    messages: {
      missing:
        "This block proxies to {{backend}} without 'proxy_set_header Host': the backend sees Host '{{seen}}', so Django's ALLOWED_HOSTS check and absolute URLs go wrong; add 'proxy_set_header Host $host;'",
    },
    absence: ["missing"],
  },
  check({ server, report }) {
    for (const loc of server.locations) {
      const h = loc.handler;
      if (h.kind !== "proxy" || !loc.server || h.entry.node.incomplete || !server.isAppBackend(h.backend)) continue;
      const at = passBlock(h.entry);
      const lookup = proxyHeader(server, h.entry, ["host"]);
      if (!at || lookup.unsure || lookup.found.length) continue;
      // The authority without any user:password@ part: a Host header never carries it.
      const seen =
        h.backend.arg.value
          .replace(/^[a-z]+:\/\//i, "")
          .split("/")[0]
          .replace(/^[^@]*@/, "") || h.backend.arg.value;
      report({
        messageId: "missing",
        data: { backend: describeBackend(server, h.backend), seen },
        at,
        fix: (f) => [f.insertLinesBefore(lookup.insertAt, ["proxy_set_header Host $host;"])],
      });
    }
  },
});
