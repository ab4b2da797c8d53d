import { defineRule, phrase, lineIn } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/modpython-with-modwsgi",
    severity: "warning",
    summary: "mod_python and mod_wsgi are loaded in the same Apache",
    rationale:
      "mod_python and mod_wsgi each embed a Python interpreter in Apache's processes. Loaded together they share one Python runtime, which must then be the very version both were built against; mod_wsgi's own Python settings are ignored, and mismatched builds crash Apache. Current mod_wsgi releases no longer support running beside mod_python. Django's mod_python handler is gone since Django 1.5: keep mod_wsgi and disable mod_python.",
    silentWhen: [
      "either module is loaded only under a condition the linter cannot decide (`<IfDefine>`)",
      "the module set is unknown (a lone virtual host file or `.htaccess`)",
    ],
    seeds: [{ seed: "000", section: "It embeds Python within Apache" }],
    messages: {
      both: "mod_python is loaded together with mod_wsgi ({{wsgi}}): both embed a Python interpreter in Apache's processes and conflict; disable mod_python and serve Django with mod_wsgi",
    },
  },
  check({ server, report }) {
    if (!server.modulesKnown || server.hasModule("python") !== "yes" || server.hasModule("wsgi") !== "yes") return;
    const python = server.modules.get("python");
    const wsgi = server.modules.get("wsgi");
    const at = python?.entry.active === "yes" ? python.entry.node : wsgi?.entry.active === "yes" ? wsgi.entry.node : null;
    if (!at) return;
    const where = wsgi ? phrase`LoadModule ${wsgi.entry.node.args[0]?.value} on ${lineIn(wsgi.entry.node)}` : "wsgi_module, compiled in";
    report({ messageId: "both", data: { wsgi: where }, at });
  },
});
