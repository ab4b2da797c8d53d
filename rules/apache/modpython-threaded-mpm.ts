import { defineRule, phrase, lineIn } from "../../src/rule-api.js";

const THREADED = new Set(["worker", "event", "winnt"]);

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/modpython-threaded-mpm",
    severity: "error",
    summary: "mod_python is loaded under a threaded MPM (worker or event)",
    rationale:
      "Django under mod_python runs inside Apache's processes; the Django documentation requires the prefork MPM rather than the threaded worker MPM (event is threaded too).",
    silentWhen: ["the MPM cannot be known (no `LoadModule mpm_*_module` in the tree and none given in the configuration)"],
    seeds: [{ seed: "000", section: "use Apache's `prefork MPM`_, as opposed to the `worker MPM`_" }],
    messages: {
      threaded:
        "mod_python is loaded while the {{mpm}} MPM is in use ({{where}}): Django under mod_python needs the prefork MPM; switch to mpm_prefork or serve Django with mod_wsgi in daemon mode",
    },
  },
  check({ server, report }) {
    const python = server.modules.get("python");
    const mpm = server.mpm;
    if (!python || python.entry.active !== "yes" || !mpm || !THREADED.has(mpm.name)) return;
    const where = mpm.entry ? phrase`LoadModule ${mpm.entry.node.args[0]?.value} on ${lineIn(mpm.entry.node)}` : "from the configuration";
    report({ messageId: "threaded", data: { mpm: mpm.name, where }, at: python.entry.node });
  },
});
