import { mountAssignment, proxyHeaderOption, proxyMounts, servesWebsocketPath, upgradeEnabled } from "../../src/model/lighttpd/proxy.js";
import { defineRule } from "../../src/rule-api.js";

const UPGRADE_LINE = 'proxy.header = ( "upgrade" => "enable" )';

export default defineRule({
  dialect: "lighttpd",
  meta: {
    id: "lighttpd/websocket-upgrade-missing",
    severity: "warning",
    summary: 'proxy.server for a websocket path without proxy.header "upgrade" => "enable"',
    rationale:
      'lighttpd\'s mod_proxy drops the client\'s `Upgrade` header unless `proxy.header = ( "upgrade" => "enable" )` is in effect (checked on lighttpd 1.4.69): the websocket handshake never reaches Django Channels (or Socket.IO), the backend answers the request as plain HTTP, and the browser\'s websocket fails to connect. Enable the upgrade where the websocket path is proxied.',
    silentWhen: [
      "the proxied path is not a websocket one by its URL (`/ws/`, `/websocket`, `/socket.io/`, `/cable`): a Channels project behind a catch-all `proxy.server` cannot be told from the configuration alone",
      "`proxy.header` is set in a way the linter cannot read",
      "an include cannot be read, or an `include_shell` is not run (it may enable the upgrade: lighttpd merges its options into the blocks)",
    ],
    seeds: [{ seed: "003", section: "lighttpd setup" }],
    references: [
      { title: "lighttpd: mod_proxy, proxy.header", url: "https://redmine.lighttpd.net/projects/lighttpd/wiki/Docs_ModProxy" },
      { title: "Channels: Deploying", url: "https://channels.readthedocs.io/en/stable/deploying.html" },
    ],
    fix: {
      safety: "safe",
      title: 'Add proxy.header = ( "upgrade" => "enable" )',
      why: "only requests that ask for an upgrade are handled differently, and those fail today",
    },
    messages: {
      missing:
        'proxy.server {{key}} proxies a websocket path without proxy.header "upgrade" => "enable": lighttpd drops the Upgrade header and websockets never connect; add it in this block',
    },
    absence: ["missing"],
  },
  check({ server, report }) {
    for (const m of proxyMounts(server)) {
      if (!servesWebsocketPath(m) || upgradeEnabled(server, m.context) !== "no") continue;
      const assignment = mountAssignment(m);
      // A proxy.header of an enclosing block would be replaced by a new one here: fix only where none is in effect.
      const none = proxyHeaderOption(server, m.context, "upgrade").setting === undefined;
      report({
        messageId: "missing",
        data: { key: m.key === "" ? '""' : m.key },
        at: m.entry.keyNode ?? m.entry.node,
        fix: none && assignment ? (f) => [f.insertLinesBefore(assignment, [UPGRADE_LINE])] : undefined,
      });
    }
  },
});
