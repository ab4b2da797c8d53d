import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/wsgi-daemon-processes-1",
    severity: "warning",
    summary: "WSGIDaemonProcess sets processes=1 instead of leaving the option out",
    rationale:
      "A daemon group runs one process by default. Writing `processes=1` has a side effect: mod_wsgi then sets `wsgi.multiprocess` to `True`, and in-browser WSGI debuggers refuse to run. Leave the option out for a single process (keep it only for a load-balanced cluster of Apache servers with one process each).",
    seeds: [{ seed: "001", section: "Do not however use 'processes=1' to indicate a single process" }],
    fix: {
      safety: "safe",
      title: "Drop processes=1",
      why: "the group still runs one process; only `wsgi.multiprocess`, which the finding is about, becomes False",
    },
    messages: {
      one: "WSGIDaemonProcess {{group}} sets '{{arg}}': this marks the group multiprocess (wsgi.multiprocess is True) although one process is the default; drop the option",
    },
  },
  check({ server, report }) {
    for (const { node } of server.directives("WSGIDaemonProcess")) {
      const group = node.args[0];
      if (!group) continue;
      for (const arg of node.args.slice(1)) {
        if (!/^processes=0*1$/i.test(arg.value)) continue;
        report({ messageId: "one", data: { group: group.value, arg: arg.value }, at: arg, fix: (f) => [f.removeArg(arg)] });
      }
    }
  },
});
