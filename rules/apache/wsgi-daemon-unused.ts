import { daemonVisibleFrom, isExpanded, processGroupRefs } from "../../src/model/apache/wsgi-apps.js";
import { wsgiDaemons } from "../../src/model/apache/wsgi.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/wsgi-daemon-unused",
    severity: "error",
    summary: "A WSGIDaemonProcess group that nothing delegates to",
    rationale:
      "`WSGIDaemonProcess` only starts the daemon processes; an application runs in them only when `WSGIProcessGroup` (or `process-group=` on `WSGIScriptAlias`) delegates it. Without that, Django silently runs embedded in Apache's own processes, as Apache's user, with the MPM's threads, and the daemon's `user=`, `python-path=` and process settings have no effect.",
    silentWhen: [
      "a `WSGIProcessGroup` picks its group from a variable (`%{ENV:...}`) where the group is visible",
      "the linter sees a lone virtual-host file without an application in the daemon's own scope (the delegation may sit in a sibling host with the same ServerName)",
      "the `WSGIDaemonProcess` sits under a condition the linter cannot decide",
    ],
    seeds: [{ seed: "001", section: "the configuration need only be augmented with directives to define the daemon process and delegate the application to that process" }],
    messages: {
      unused:
        "WSGIDaemonProcess {{group}} is never selected by a WSGIProcessGroup or process-group= in its scope: the application runs embedded in Apache's processes instead; add WSGIProcessGroup {{group}} next to the WSGIScriptAlias",
    },
  },
  check({ server, report }) {
    const daemons = wsgiDaemons(server);
    if (!daemons.length) return;
    const refs = processGroupRefs(server);
    const whole = server.wholeServer;
    const apps = [...server.directives("WSGIScriptAlias"), ...server.directives("WSGIScriptAliasMatch")];
    for (const d of daemons) {
      if (d.entry.active !== "yes") continue;
      const reaching = refs.filter((r) => daemonVisibleFrom(server, d, r.entry.vhost));
      if (reaching.some((r) => r.name === d.name || isExpanded(r.name))) continue;
      // A lone file: only when it holds the application the daemon was meant for.
      if (!whole && !apps.some((a) => a.vhost === d.entry.vhost)) continue;
      report({ messageId: "unused", data: { group: d.name }, at: d.entry.node.args[0] });
    }
  },
});
