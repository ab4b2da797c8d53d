import { daemonVisibleFrom, isExpanded, processGroupRefs, type ProcessGroupRef } from "../../src/model/apache/wsgi-apps.js";
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
    seeds: [
      {
        seed: "001",
        section: "the configuration need only be augmented with directives to define the daemon process and delegate the application to that process",
      },
    ],
    messages: {
      unused:
        "WSGIDaemonProcess {{group}} is never selected by a WSGIProcessGroup or process-group= in its scope: the application runs embedded in Apache's processes instead; add WSGIProcessGroup {{group}} next to the WSGIScriptAlias",
    },
    absence: ["unused"],
  },
  check({ server, report }) {
    const daemons = wsgiDaemons(server);
    if (!daemons.length) return;
    // References by name (and those whose name is only known at run time), so that
    // thousands of hosts with a daemon each are not hosts x references.
    const refsNamed = new Map<string, ProcessGroupRef[]>();
    const expanded: ProcessGroupRef[] = [];
    for (const r of processGroupRefs(server)) {
      if (isExpanded(r.name)) expanded.push(r);
      else if (refsNamed.has(r.name)) refsNamed.get(r.name)?.push(r);
      else refsNamed.set(r.name, [r]);
    }
    const whole = server.complete;
    const hostsWithApps = new Set([...server.directives("WSGIScriptAlias"), ...server.directives("WSGIScriptAliasMatch")].map((a) => a.vhost));
    for (const d of daemons) {
      if (d.entry.active !== "yes") continue;
      const reaches = (r: ProcessGroupRef) => daemonVisibleFrom(server, d, r.entry.vhost);
      if ((refsNamed.get(d.name) ?? []).some(reaches) || expanded.some(reaches)) continue;
      // A lone file: only when it holds the application the daemon was meant for.
      if (!whole && !hostsWithApps.has(d.entry.vhost)) continue;
      report({ messageId: "unused", data: { group: d.name }, at: d.entry.node.args[0] });
    }
  },
});
