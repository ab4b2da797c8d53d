import { defineRule } from "../../src/rule-api.js";

const DIRECTIVES = ["WSGIScriptAlias", "WSGIScriptAliasMatch", "WSGIImportScript"];

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/wsgi-script-named-django-py",
    severity: "error",
    summary: "The WSGI script file is named django.py",
    rationale:
      "A WSGI script called `django.py` shadows the Django package: when its directory is on `sys.path` (a `python-path=` entry, `WSGIPythonPath`, or the script's own `sys.path.append`), `import django` loads the script instead of Django and the site fails to start. Name it `django.wsgi` or `wsgi.py`.",
    seeds: [{ seed: "001", section: "Definitely do not call it 'django.py'" }],
    messages: {
      named:
        "WSGI script {{script}} is named django.py: Python may import it as the django package when its directory is on sys.path; rename it (django.wsgi or wsgi.py)",
    },
  },
  check({ server, report }) {
    for (const name of DIRECTIVES)
      for (const { node } of server.directives(name)) {
        const script = node.key === "wsgiimportscript" ? node.args[0] : node.args[1];
        if (!script) continue;
        const base = script.value.replace(/\/+$/, "").split("/").pop();
        if (base === "django.py") report({ messageId: "named", data: { script: script.value }, at: script });
      }
  },
});
