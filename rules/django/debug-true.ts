import { knownSetting, settingPlace, shownSetting, shownSettingsFile, shownSite, siteRelated } from "../../src/model/django/sides.js";
import { defineRule, Phrase, shown } from "../../src/rule-api.js";
import { shownPath } from "../../src/source/quote.js";

export default defineRule({
  dialect: "django",
  meta: {
    id: "django/debug-true",
    severity: "error",
    profiles: { development: "off" },
    summary: "The settings module a production server serves sets DEBUG = True",
    rationale:
      'With `DEBUG = True` every unhandled error answers with Django\'s technical page: the traceback with local variables, the settings (Django masks the names it recognises as secret, not the rest), the SQL that ran, the installed apps and the URL patterns. Django also keeps every SQL query in memory. This fires when the settings module that a server of the run serves (the one its app server or WSGI script loads: in split settings, `production.py` setting `DEBUG = False` over `base.py` is clean) assigns `DEBUG = True` unconditionally. Read it from the environment (`DEBUG = os.environ.get("DJANGO_DEBUG") == "1"`) or set it to `False` in the production settings. The settings twin of `apache/python-debug-on`.',
    silentWhen: [
      "DEBUG comes from the environment or a function call (`os.environ`, `env.bool(...)`, `config(...)`), or is set only inside an `if` or an `except` clause: unknown, even when its default is True (say it with `django.assume` when you know it); a `try` body runs as Python runs it (a star import of a module in the checkout, `local.py`, is read; one the project does not hold raises ImportError, and the `except` clause that catches it runs, unless a `.gitignore` names it: then it may be on the server)",
      'DEBUG is False, None, 0, an empty string or an empty list (false to Python); a string such as `"False"` is true to Python, and reported',
      "no server block or virtual host of the run is tied to the project (a settings module no configuration serves)",
      "the settings cannot be read (`django/settings-not-found` says so)",
      "the `development` profile is in use",
    ],
    seeds: [],
    references: [
      { title: "Django deployment checklist: DEBUG", url: "https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#debug" },
      { title: "Django settings: DEBUG", url: "https://docs.djangoproject.com/en/stable/ref/settings/#debug" },
      { title: "Django system checks: security.W018", url: "https://docs.djangoproject.com/en/stable/ref/checks/#security" },
    ],
    security: { cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", cwe: [209, 489] },
    djangoSettings: ["DEBUG"],
    messages: {
      debugTruthy:
        "{{setting}} sets DEBUG = {{value}} in {{module}}, the settings the server at {{site}} serves: Django asks `if settings.DEBUG`, and Python takes a non-empty string or a non-zero number for true, so DEBUG is on: every error shows visitors a traceback with local variables, settings and SQL; set DEBUG = False (check --deploy's W018 says the same)",
      debugOn:
        "{{setting}} sets DEBUG = True in {{module}}, the settings the server at {{site}} serves: every error shows visitors a traceback with local variables, settings and SQL; set DEBUG = False in production (check --deploy's W018)",
    },
    djangoCheck: {
      id: "security.W018",
      note: 'A team that silenced W018 because the settings were "only for staging" is told here when a production server configuration serves them.',
    },
  },
  check({ run, fs, report }) {
    for (const project of run.django.projects) {
      const site = project.sites[0];
      if (!site) continue;
      const debug = knownSetting(project, "DEBUG");
      if (debug?.how !== "read" || debug.fact.truthy !== true) continue;
      report({
        messageId: debug.value === true ? "debugOn" : "debugTruthy",
        data: {
          value: JSON.stringify(debug.value),
          setting: new Phrase(shownPath(shownSetting(project, fs, debug.fact))),
          module: new Phrase(
            shown(
              project.settingsModule?.value.endsWith(".py")
                ? shownSettingsFile(project, fs, project.settingsModule.value)
                : (project.settingsModule?.value ?? "the settings module"),
            ),
          ),
          site: new Phrase(shownPath(shownSite(run.servers, fs, project, site))),
        },
        at: settingPlace(fs, debug.fact),
        related: [siteRelated(site)],
      });
    }
  },
});
