import { defineRule } from "../../src/rule-api.js";

/**
 * A literal `<Location>` path that cannot match: httpd compares it with the
 * request's URL path, which always starts with `/`. Left alone: regex forms,
 * wildcard patterns (`*` may match the leading slash's absence: `*\/media`),
 * variables (`${BASE}/media`), absolute URIs for proxy requests (`http://...`)
 * and `*` (the `OPTIONS *` request).
 */
const RELATIVE = /^[A-Za-z0-9._-][^:*?[\]$%]*$/;

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/location-path-relative",
    severity: "warning",
    summary: "A <Location> path does not start with / and never matches a request",
    rationale:
      '`<Location>` compares its path with the URL path of each request, which always starts with `/`. `<Location "media">` therefore matches nothing, and whatever it was meant to do (typically `SetHandler None` to keep mod_python away from media files) never happens: Django receives the media requests. The Django mod_python documentation\'s own example has this bug.',
    silentWhen: [
      "the path is a regular expression (`<Location ~ ...>`, `<LocationMatch>`) or a wildcard pattern",
      "the path contains a variable (`${BASE}/media`) or is an absolute URI for proxy requests (`http://...`)",
      "the section is inside a `<Macro>` (parameters are substituted later)",
    ],
    seeds: [
      { seed: "000", section: "Serving media files" },
      { seed: "002", section: "Serving Django and Media Files from the Same Apache Instance" },
    ],
    fix: {
      safety: "unsafe",
      title: "Add the leading '/'",
      why: "the section starts matching requests: every directive in it (handlers, access rules) applies where it never did",
    },
    messages: {
      relative:
        "<Location {{raw}}> does not start with '/': URL paths always do, so this section never matches and its directives never apply; write '/{{path}}'",
    },
  },
  check({ server, report }) {
    for (const e of server.sections("Location")) {
      const s = e.node;
      if (s.incomplete || s.args.length !== 1 || e.sections.some((x) => x.key === "macro")) continue;
      const arg = s.args[0];
      if (!RELATIVE.test(arg.value)) continue;
      report({ messageId: "relative", data: { raw: arg.raw, path: arg.value }, at: arg, fix: (f) => [f.replaceArg(arg, "/" + arg.value)] });
    }
  },
});
