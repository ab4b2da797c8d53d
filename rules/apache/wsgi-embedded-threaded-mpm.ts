import { processGroupOf, wsgiApps } from "../../src/model/apache/wsgi-apps.js";
import { defineRule, phrase, lineIn } from "../../src/rule-api.js";

const THREADED = new Set(["worker", "event", "winnt"]);

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/wsgi-embedded-threaded-mpm",
    severity: "warning",
    summary: "A mod_wsgi application runs embedded under a threaded MPM (worker or event)",
    rationale:
      "In embedded mode the Django application runs inside Apache's child processes, so with the worker or event MPM its code runs in many threads at once, next to everything else Apache does. Code and libraries that are not thread safe then fail in ways that are hard to reproduce. Delegate the application to a daemon group (`WSGIDaemonProcess` + `WSGIProcessGroup`) whose `threads=` you choose, as the worker-MPM setups in the mod_wsgi and deployment guides do.",
    silentWhen: [
      "the MPM cannot be known (no `LoadModule mpm_*_module` and none given in the configuration), or it is prefork",
      "the application's process group cannot be decided (`%{ENV:...}`, a section under an undecidable condition, a `<Location>` covering only part of the mount)",
      "`WSGIRestrictEmbedded On` forbids embedded mode, or `ThreadsPerChild 1` makes the MPM single-threaded",
      "an Include at server level or in the virtual host cannot be read (it may delegate the application to a daemon group)",
    ],
    seeds: [
      { seed: "001", section: "using mod_wsgi in embedded mode be advisable when Apache is using the 'worker' MPM" },
      { seed: "004", section: "We run the Apache2 Worker MPM with `mod_wsgi <http://www.modwsgi.org>`__ in daemon mode" },
    ],
    messages: {
      embedded:
        "WSGIScriptAlias {{url}} runs embedded (no daemon process group) while the {{mpm}} MPM is in use ({{where}}): Django code runs multithreaded inside Apache; delegate it with WSGIDaemonProcess and WSGIProcessGroup",
    },
    absence: ["embedded"],
  },
  check({ server, report }) {
    const mpm = server.mpm;
    if (!mpm || !THREADED.has(mpm.name) || server.hasModule("wsgi") === "no") return;
    if (lastValue(server.directives("WSGIRestrictEmbedded"))?.toLowerCase() === "on") return;
    if (lastValue(server.directives("ThreadsPerChild").filter((e) => e.scope === null)) === "1") return;
    const where = mpm.entry ? phrase`LoadModule ${mpm.entry.node.args[0]?.value} on ${lineIn(mpm.entry.node)}` : "from the configuration";
    for (const app of wsgiApps(server)) {
      if (processGroupOf(server, app).kind !== "embedded") continue;
      report({ messageId: "embedded", data: { url: app.url, mpm: mpm.name, where }, at: app.entry.node });
    }
  },
});

function lastValue(entries: { node: { args: { value: string }[] }; active: string }[]): string | undefined {
  const sure = entries.filter((e) => e.active === "yes");
  return sure.length ? sure[sure.length - 1].node.args[0]?.value : undefined;
}
