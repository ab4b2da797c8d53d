import type { ApacheSection } from "../../src/ast/apache.js";
import type { ProxyMount } from "../../src/model/apache/proxy.js";
import { shadowedMounts } from "../../src/model/apache/proxy-index.js";
import { defineRule, phrase, type Phrase, lineRef } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/proxypass-order",
    severity: "error",
    summary: "A ProxyPass never applies because an earlier one (or a <Location> ProxyPass) already serves its URLs",
    rationale:
      "mod_proxy tries the `ProxyPass` list in order and the first path that matches wins, so `ProxyPass / http://app/` followed by `ProxyPass /static/ !` sends the static files to Django anyway, and a later `ProxyPass /ws/ ws://app/ws/` never upgrades anything. The main server's entries come before a virtual host's. A `ProxyPass` inside `<Location>` is consulted before the whole list (a server-level exclusion cannot carve a path out of a `<Location />` catch-all), and among `<Location>`s the one merged last wins. Put the specific paths first, or exclude inside a `<Location>` placed after the catch-all.",
    silentWhen: [
      "a mount on the way sits under a condition the linter cannot decide, or uses a regex JavaScript cannot read",
      "the earlier mount covers only part of the later one's URLs",
      "a `ProxyPassMatch` whose URLs cannot be told from its literal start",
    ],
    seeds: [{ seed: "004", section: "Apache" }],
    references: [
      {
        title: "Apache HTTP Server 2.4: mod_proxy, Ordering ProxyPass Directives",
        url: "https://httpd.apache.org/docs/2.4/mod/mod_proxy.html#proxypass-ordering",
      },
    ],
    messages: {
      earlier:
        "{{mount}} never applies: {{by}} ({{where}}) comes first and already matches every URL under it; the first matching ProxyPass wins, so put this one before it",
      locationFirst:
        "{{mount}} never applies: {{by}} ({{where}}) serves these URLs, and httpd consults a <Location> ProxyPass before the ProxyPass list; exclude the path with 'ProxyPass !' in a <Location> placed after it",
      locationLater: "{{mount}} never applies: {{by}} ({{where}}) is merged after it and takes these URLs over; move this <Location> after that one",
    },
  },
  check({ server, report }) {
    for (const s of shadowedMounts(server)) {
      const m = s.mount;
      const messageId = s.how === "earlier" ? "earlier" : m.location ? "locationLater" : "locationFirst";
      report({
        messageId,
        data: { mount: describe(m), by: describe(s.by), where: lineRef(s.by.entry.node, m.entry.node) },
        at: m.location ? m.entry.node : (m.entry.node.args[0] ?? m.entry.node),
      });
    }
  },
});

/** `ProxyPass /static/ !`, `ProxyPass in <Location "/">`. */
function describe(m: ProxyMount): Phrase {
  const args = m.entry.node.args.map((a) => a.raw).join(" ");
  if (!m.location) return phrase`${`${m.entry.node.name} ${args}`}`;
  const loc = m.location as ApacheSection;
  return phrase`${`${m.entry.node.name} ${args}`} in <${loc.name} ${loc.args.map((a) => a.raw).join(" ")}>`;
}
