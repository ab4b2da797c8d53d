import { isDjangoHandler } from "../../src/model/apache/modpython.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/modpython-removed",
    severity: "info",
    summary: "Django's mod_python handler no longer exists since Django 1.5",
    rationale:
      "`django.core.handlers.modpython` was deprecated in Django 1.3 and removed in Django 1.5; mod_python itself is no longer developed. A configuration that still names it only works with an end-of-life Django. Serve Django with mod_wsgi (`WSGIScriptAlias` pointing at the project's `wsgi.py`), preferably in daemon mode.",
    silentWhen: [
      "the handler is inside a section that is surely not in effect (`<IfModule>` of a module that is not loaded)",
      "the configuration targets a Django older than 1.5 (`--django-version`), where the handler still exists",
    ],
    seeds: [
      { seed: "000", section: "Basic configuration" },
      { seed: "002", section: "Basic Configuration" },
    ],
    messages: {
      removed:
        "PythonHandler {{handler}}: Django removed its mod_python handler in 1.5, so this only runs an end-of-life Django; serve Django with mod_wsgi instead",
    },
  },
  check({ server, report }) {
    if (server.djangoBefore("1.5")) return;
    for (const e of server.directives("PythonHandler")) {
      if (!isDjangoHandler(e.node)) continue;
      const arg = e.node.args[0];
      report({ messageId: "removed", data: { handler: arg.raw }, at: arg });
    }
  },
});
