import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/wsgi-daemon-no-maximum-requests",
    severity: "info",
    summary: "WSGIDaemonProcess has no maximum-requests option",
    rationale:
      "A Django process that leaks memory grows until the machine swaps. `maximum-requests=N` on `WSGIDaemonProcess` recycles each daemon process after N requests, which keeps memory in check; set it to a high number. A leak-free application can do without it, hence `info`.",
    silentWhen: [
      "the group sets `restart-interval=`, which also recycles the processes",
      "the `WSGIDaemonProcess` sits under a condition the linter cannot decide (`<IfDefine>` from the command line)",
    ],
    seeds: [{ seed: "004", section: "you can leave out the ``maximum-requests`` directive" }],
    messages: {
      missing:
        "WSGIDaemonProcess {{group}} has no maximum-requests: a leaking Django process is never recycled and keeps growing; add maximum-requests= with a high number",
    },
  },
  check({ server, report }) {
    for (const e of server.directives("WSGIDaemonProcess")) {
      const group = e.node.args[0];
      if (!group || e.active !== "yes") continue;
      const options = e.node.args.slice(1).map((a) => a.value.toLowerCase());
      if (options.some((o) => o.startsWith("maximum-requests=") || o.startsWith("restart-interval="))) continue;
      report({ messageId: "missing", data: { group: group.value }, at: e.node });
    }
  },
});
