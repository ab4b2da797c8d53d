import type { ApacheDirective } from "../../src/ast/apache.js";
import { contextAnchor, djangoModPythonContexts, lastInEffect, mayApply, mayApplyCandidates, strictlyApplies } from "../../src/model/apache/modpython.js";
import { contextName, surelyActive } from "../../src/model/apache/helpers.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/python-autoreload",
    severity: "info",
    // Reloading changed modules is what a development server wants.
    profiles: { development: "off" },
    summary: "mod_python serves Django with PythonAutoReload not Off",
    rationale:
      "mod_python's `PythonAutoReload` is On unless turned off: before every request it checks the modification time of the handler's module and reloads it when it changed. Django cannot be reloaded piecemeal anyway (you restart Apache after code changes), so the check only costs time; the Django documentation suggests `PythonAutoReload Off` for performance.",
    silentWhen: [
      "the linter does not see the whole server (a lone virtual-host file or fragment): `PythonAutoReload Off` may be set in the main configuration",
      "a `PythonAutoReload Off` may apply to the context (server level, its virtual host, an overlapping `<Location>`, any `<LocationMatch>`, `<Directory>` or `<Files>`)",
      "the handler sits under a condition the linter cannot decide (`<IfDefine>`, `<If>`)",
    ],
    seeds: [
      { seed: "000", section: "Basic configuration" },
      { seed: "002", section: "Basic Configuration" },
    ],
    fix: {
      safety: "unsafe",
      title: "Set PythonAutoReload Off",
      why: "mod_python stops reloading changed modules: after it, a code change takes effect only when Apache restarts",
    },
    messages: {
      missing:
        "{{where}} serves Django through mod_python without PythonAutoReload Off: mod_python checks the handler's modules for changes on every request; add PythonAutoReload Off",
      on: "PythonAutoReload is On where mod_python serves Django ({{where}}): mod_python checks the handler's modules for changes on every request; set it Off",
    },
    absence: ["missing"],
  },
  check({ server, report }) {
    if (!server.complete) return;
    const contexts = djangoModPythonContexts(server);
    if (!contexts.length) return;
    const reportedOn = new Set<ApacheDirective>();
    for (const c of contexts) {
      const last = lastInEffect(server, "PythonAutoReload", c);
      const flag = last?.node.args[0];
      if (last && flag?.value.toLowerCase() === "off") continue;
      // An Off that covers part of the context (a narrower <Location>, a <Directory>...) may be deliberate.
      const offs = mayApplyCandidates(server, "PythonAutoReload", c).filter((d) => d.node.args[0]?.value.toLowerCase() === "off");
      if (offs.some((d) => mayApply(d, c) && !strictlyApplies(d, c))) continue;
      const where = contextName(server, c);
      if (last && flag) {
        if (!surelyActive(server, last) || reportedOn.has(last.node)) continue;
        reportedOn.add(last.node);
        report({ messageId: "on", data: { where }, at: flag, fix: (f) => [f.replaceArg(flag, "Off")] });
        continue;
      }
      const scope = c.scope;
      const handler = c.handler.node;
      report({
        messageId: "missing",
        data: { where },
        at: contextAnchor(c),
        fix: (f) => [scope ? f.insertIntoSection(scope, ["PythonAutoReload Off"]) : f.insertLinesAfter(handler, ["PythonAutoReload Off"])],
      });
    }
  },
});
