import type { ArgNode } from "../../src/ast/types.js";
import { wsgiApps } from "../../src/model/apache/wsgi-apps.js";
import { settingsModuleInScriptText } from "../../src/model/django/settings-module.js";
import { defineRule } from "../../src/rule-api.js";

/** A module name with no package: `settings`, `settings_prod`. */
const BARE = /^[A-Za-z_]\w*$/;

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/settings-module-unqualified",
    severity: "warning",
    summary: "DJANGO_SETTINGS_MODULE names a bare settings module without its project package",
    rationale:
      "Setting `DJANGO_SETTINGS_MODULE` to `settings` works only when the project directory itself is on `sys.path`, which diverges from how Django's own tools set it (`mysite.settings`): imports that work under `manage.py` break under Apache, and the project can be imported twice under two names. Qualify it with the project package and put the project's parent directory on the path.",
    silentWhen: [
      "the value is built from a variable (`${...}`, `%{...}`)",
      "the WSGI script cannot be read (only `SetEnv`/`PythonOption` in the config are checked then)",
    ],
    seeds: [{ seed: "001", section: "it is not recommended to be setting 'DJANGO_SETTINGS_MODULE' to be 'settings'" }],
    messages: {
      config:
        "DJANGO_SETTINGS_MODULE is set to '{{value}}' without its project package: imports then diverge from how Django's tools run the project; use '<project>.{{value}}' and put the project's parent directory on the Python path",
      script:
        "WSGI script {{script}} sets DJANGO_SETTINGS_MODULE to '{{value}}' without its project package: imports then diverge from how Django's tools run the project; use '<project>.{{value}}' and put the project's parent directory on the Python path",
    },
  },
  check({ server, fs, report }) {
    const fromConfig = (arg: ArgNode | undefined) => {
      if (arg && BARE.test(arg.value)) report({ messageId: "config", data: { value: arg.value }, at: arg });
    };
    for (const { node } of server.directives("SetEnv")) if (node.args[0]?.value === "DJANGO_SETTINGS_MODULE") fromConfig(node.args[1]);
    for (const { node } of server.directives("PythonOption")) if (node.args[0]?.value === "DJANGO_SETTINGS_MODULE") fromConfig(node.args[1]);

    const seen = new Set<string>();
    for (const app of wsgiApps(server)) {
      if (!app.script || app.scriptArg.value.endsWith("/") || seen.has(app.script)) continue;
      seen.add(app.script);
      const text = fs.read(app.script).text;
      const found = text ? settingsModuleInScriptText(text, app.script) : null;
      if (found && BARE.test(found.value)) report({ messageId: "script", data: { script: app.scriptArg.value, value: found.value }, at: app.scriptArg });
    }
  },
});
