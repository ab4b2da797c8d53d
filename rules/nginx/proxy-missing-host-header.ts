import { settingTrue } from "../../src/model/django/sides.js";
import { projectsOfServerBlock } from "../../src/model/django/site-servers.js";
import { describeBackend, passBlock, proxyHeader } from "../../src/model/nginx/proxy.js";
import type { Location } from "../../src/model/nginx/server.js";
import { defineRule, type RunModels } from "../../src/rule-api.js";

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
      "the location sets `X-Forwarded-Host` to the client's host and the Django project tied to the server has `USE_X_FORWARDED_HOST = True`: Django takes the host from that header, not from `Host`",
    ],
    seeds: [{ seed: "004", section: "Nginx" }],
    // Read only when the rule would fire: whether Django takes the host from X-Forwarded-Host instead.
    djangoSettings: ["USE_X_FORWARDED_HOST"],
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
  check({ server, run, report }) {
    for (const loc of server.locations) {
      const h = loc.handler;
      if (h.kind !== "proxy" || !loc.server || h.entry.node.incomplete || !server.isAppBackend(h.backend)) continue;
      const at = passBlock(h.entry);
      const lookup = proxyHeader(server, h.entry, ["host"]);
      if (!at || lookup.unsure || lookup.found.length) continue;
      if (djangoReadsForwardedHost(server, run, loc)) continue;
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

/**
 * The location hands Django the client's host in `X-Forwarded-Host` and every project tied to its server reads it
 * there (`USE_X_FORWARDED_HOST = True`): the Host header is not what Django checks or builds URLs from.
 */
function djangoReadsForwardedHost(server: Parameters<typeof proxyHeader>[0], run: RunModels, loc: Location): boolean {
  const h = loc.handler;
  if (!("backend" in h)) return false;
  const xfh = proxyHeader(server, h.entry, ["x-forwarded-host"]);
  const value = xfh.found[xfh.found.length - 1]?.node.args[1]?.value ?? "";
  if (xfh.unsure || !/^\$(host|http_host)$/.test(value) || !loc.server) return false;
  const tied = projectsOfServerBlock(run.django, loc.server);
  return tied.length > 0 && tied.every((p) => settingTrue(p, "USE_X_FORWARDED_HOST"));
}
