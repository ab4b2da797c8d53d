import { contextAnchor, djangoModPythonContexts, isSettingsModuleEntry, mayApply, mayApplyCandidates } from "../../src/model/apache/modpython.js";
import { contextName } from "../../src/model/apache/helpers.js";
import { defineRule, phrase } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/modpython-missing-settings-module",
    severity: "error",
    summary: "mod_python serves Django where no DJANGO_SETTINGS_MODULE is set",
    rationale:
      "Django's mod_python handler learns which settings to use from `DJANGO_SETTINGS_MODULE`, passed with `SetEnv` (or `PythonOption`) in the section that mounts it. Without it every request fails with an error about settings that cannot be imported.",
    silentWhen: [
      "a `SetEnv`/`PythonOption DJANGO_SETTINGS_MODULE` may apply to the context: server level, its virtual host, a `<Location>` that overlaps it, any `<LocationMatch>`, `<Directory>` or `<Files>` (a server-level mount counts every virtual host's)",
      "`PassEnv`, `SetEnvIf` or `SetEnvIfNoCase` mention `DJANGO_SETTINGS_MODULE`, or `PythonImport` runs code at start-up that may set it",
      "the handler sits under a condition the linter cannot decide (`<IfDefine>`, `<If>`)",
    ],
    seeds: [{ seed: "000", section: "Basic configuration" }],
    messages: {
      missing:
        "{{where}} runs Django through mod_python ({{handler}}) but no DJANGO_SETTINGS_MODULE is set for it: every request fails because Django cannot find its settings; add SetEnv DJANGO_SETTINGS_MODULE mysite.settings",
    },
    absence: ["missing"],
  },
  check({ server, report }) {
    const contexts = djangoModPythonContexts(server);
    if (!contexts.length) return;
    if (envFromElsewhere(server)) return;
    for (const c of contexts) {
      const settings = ["SetEnv", "PythonOption"].flatMap((name) => mayApplyCandidates(server, name, c).filter(isSettingsModuleEntry));
      if (settings.some((d) => mayApply(d, c))) continue;
      report({
        messageId: "missing",
        data: { where: contextName(server, c), handler: phrase`PythonHandler ${c.handler.node.args[0].raw}` },
        at: contextAnchor(c),
      });
    }
  },
});

/** The variable may reach the process or the request some other way. */
function envFromElsewhere(server: Parameters<typeof djangoModPythonContexts>[0]): boolean {
  if (server.directives("PythonImport").length) return true;
  for (const name of ["PassEnv", "SetEnvIf", "SetEnvIfNoCase", "SetEnvIfExpr", "RewriteRule"])
    for (const d of server.directives(name)) if (d.node.args.some((a) => a.value.includes("DJANGO_SETTINGS_MODULE"))) return true;
  return false;
}
