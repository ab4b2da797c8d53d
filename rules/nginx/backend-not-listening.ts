import type { ApacheServer } from "../../src/model/apache/server.js";
import { apacheListens, listenAccepts } from "../../src/model/apache/listen.js";
import { isLoopback } from "../../src/model/nginx/addresses.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/backend-not-listening",
    severity: "warning",
    summary: "nginx proxies to a local address where the Apache linted with it does not listen",
    rationale:
      "In the nginx-in-front-of-Apache setup, nginx forwards to the address Apache's `Listen` binds (`127.0.0.1:9000`). When the two disagree, after a port change on one side or a typo, nginx answers 502 Bad Gateway for every dynamic page. Lint both configurations in one run and this rule compares them.",
    silentWhen: [
      "no Apache configuration is linted in the same run, or it has no `Listen` the linter can read",
      "the backend is not on this machine (not a loopback address), is a unix socket, or contains variables",
    ],
    seeds: [{ seed: "004", section: "Listen 127.0.0.1:9000" }],
    messages: {
      notListening: "nginx sends requests to {{address}}, but the Apache configuration linted with it listens on {{listens}}: every request through here gets 502 Bad Gateway",
    },
  },
  check({ server, run, report }) {
    const apaches = run.servers.filter((s): s is ApacheServer => s.dialect === "apache");
    const listens = apaches.flatMap((a) => apacheListens(a));
    if (!listens.length) return;
    const shown = [...new Set(listens.map((l) => l.arg.value))].join(", ");
    const seen = new Set<string>();
    for (const loc of server.locations) {
      const h = loc.handler;
      if (h.kind !== "proxy" || h.entry.node.incomplete) continue;
      for (const a of server.addressesOf(h.backend)) {
        if (a.unix !== null || a.host === null || a.port === null || !isLoopback(a.host)) continue;
        if (listens.some((l) => listenAccepts(l, a.host as string, a.port as number))) continue;
        const key = `${a.arg.file}:${a.arg.range.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        report({ messageId: "notListening", data: { address: `${a.host}:${a.port}`, listens: shown }, at: a.arg });
      }
    }
  },
});
