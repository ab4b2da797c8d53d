import { upgradeSetup, websocketEvidence } from "../../src/model/nginx/websocket.js";
import { passBlock } from "../../src/model/nginx/proxy.js";
import { defineRule, Phrase, shown } from "../../src/rule-api.js";

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/websocket-upgrade-missing",
    severity: "warning",
    summary: "A location proxies websockets without the HTTP/1.1 Upgrade setup, so the handshake never completes",
    rationale:
      "`Upgrade` and `Connection` are hop-by-hop headers: nginx drops them, and speaks HTTP/1.0 to the backend by default. A websocket location (Django Channels' `/ws/`, Socket.IO, Action Cable) therefore needs `proxy_http_version 1.1;`, `proxy_set_header Upgrade $http_upgrade;` and `proxy_set_header Connection \"upgrade\";` (or a `map` of `$http_upgrade`); without them Daphne or Uvicorn answers the handshake as a plain request and the browser's socket fails (often with a 400 or a closed connection after the 101 never comes).",
    silentWhen: [
      "nothing says the location carries websockets: its path has no `ws`, `wss`, `websocket`, `socket.io` or `cable` segment and it forwards no `Upgrade` header",
      "the location passes requests with something other than proxy_pass",
      "an include on the way cannot be read",
    ],
    seeds: [],
    references: [{ title: "nginx: WebSocket proxying", url: "https://nginx.org/en/docs/http/websocket.html" }],
    fix: {
      safety: "unsafe",
      title: "Add the missing WebSocket lines before proxy_pass",
      why: '`proxy_http_version 1.1` and `Connection "upgrade"` apply to every request of the location, not only to websocket handshakes',
    },
    messages: {
      missing:
        "This location proxies websockets ({{why}}) without {{missing}}: the Upgrade handshake does not reach the backend and every socket fails; add them",
    },
  },
  check({ server, report }) {
    for (const loc of server.locations) {
      const h = loc.handler;
      if (h.kind !== "proxy" || h.entry.node.incomplete || loc.block.incomplete) continue;
      const why = websocketEvidence(server, loc, h.entry);
      if (!why) continue;
      const s = upgradeSetup(server, h.entry.scope);
      if (s.unsure || (s.httpVersion && s.upgrade && s.connection)) continue;
      const lines = [
        ...(s.httpVersion ? [] : ["proxy_http_version 1.1;"]),
        ...(s.upgrade ? [] : ["proxy_set_header Upgrade $http_upgrade;"]),
        ...(s.connection ? [] : ['proxy_set_header Connection "upgrade";']),
      ];
      const at = passBlock(h.entry);
      if (!at) continue;
      // A proxy_set_header here would replace the ones inherited from the server, or send a header twice: no fix then.
      const addsHeaders = !s.upgrade || !s.connection;
      const fixable = !(addsHeaders && (s.inheritedHeaders || s.otherValue));
      report({
        messageId: "missing",
        data: { why: why === "path" ? `its path '${loc.path}'` : "it forwards Upgrade", missing: new Phrase(lines.map((l) => `'${shown(l)}'`).join(", ")) },
        at,
        ...(fixable ? { fix: (f) => [f.insertLinesBefore(h.entry.node, lines)] } : {}),
      });
    }
  },
});
