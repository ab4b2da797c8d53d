import { settingIn, settingsOfWsgiApp } from "../../src/model/apache/django-settings.js";
import { appSetting, wsgiApps } from "../../src/model/apache/wsgi-apps.js";
import { headerAuthClasses } from "../../src/model/django/rest-framework.js";
import { defineRule, phrase, lineRef } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/wsgi-pass-authorization-off",
    severity: "warning",
    summary: "mod_wsgi strips the Authorization header of an API that authenticates clients by it",
    rationale:
      "By default mod_wsgi does not pass the `Authorization` header to the application (`WSGIPassAuthorization Off`), so that Apache's own authentication stays Apache's. A Django REST framework API that authenticates clients by that header (`TokenAuthentication`, `BasicAuthentication`, JWT or OAuth2 classes in `REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES']`) then never sees the credentials: every API call answers 401/403 \"Authentication credentials were not provided\", while the same code works under `runserver`. Add `WSGIPassAuthorization On` for the application.",
    silentWhen: [
      "the settings cannot be read (the WSGI script, its settings module or the project path is not readable here: map it with `--map`)",
      "`REST_FRAMEWORK` leaves the authentication classes to DRF's default, or computes them in a way the linter cannot follow",
      "`WSGIPassAuthorization` (or `pass-authorization=`) is set where it may apply",
      "an Include at server level or in the virtual host cannot be read (it may hold `WSGIPassAuthorization On`), unless `WSGIPassAuthorization Off` or `pass-authorization=Off` is written where it applies",
    ],
    seeds: [{ seed: "001", section: "Integration With Django" }],
    references: [
      { title: "mod_wsgi: WSGIPassAuthorization", url: "https://modwsgi.readthedocs.io/en/master/configuration-directives/WSGIPassAuthorization.html" },
      {
        title: "Django REST framework: Authentication (Apache mod_wsgi specific configuration)",
        url: "https://www.django-rest-framework.org/api-guide/authentication/#apache-mod_wsgi-specific-configuration",
      },
    ],
    fix: {
      safety: "unsafe",
      title: "Add WSGIPassAuthorization On",
      why: "the application starts receiving the Authorization header, including credentials Apache itself checks (Basic authentication in front of the site)",
    },
    djangoSettings: ["REST_FRAMEWORK"],
    messages: {
      off: "The API at {{url}} authenticates clients by the Authorization header ({{classes}}, {{where}}) but mod_wsgi strips that header (WSGIPassAuthorization is Off): every API call gets 'credentials were not provided'; add WSGIPassAuthorization On",
      offExplicit:
        "The API at {{url}} authenticates clients by the Authorization header ({{classes}}, {{where}}) but {{via}} turns WSGIPassAuthorization Off: every API call gets 'credentials were not provided'; turn it On for this application",
    },
    absence: ["off"],
  },
  check({ server, run, report }) {
    for (const app of wsgiApps(server)) {
      if (app.entry.active !== "yes") continue;
      const option = app.options.get("pass-authorization");
      if (option !== undefined && option.toLowerCase() !== "off") continue;
      const setting = appSetting(server, app, "WSGIPassAuthorization");
      if (setting.uncertain || setting.winner?.node.args[0]?.value.toLowerCase() === "on") continue;
      // Only now the settings: the run's Django model, read on first use (it may parse Python).
      const settings = settingsOfWsgiApp(run.django, app);
      const rf = settings ? settingIn(settings, "REST_FRAMEWORK") : null;
      if (!rf || rf === "unknown") continue;
      const classes = headerAuthClasses(rf.value);
      if (!classes?.length) continue;
      const data = {
        url: app.url,
        classes: phrase`${classes.map((c) => c.split(".").pop()).join(", ")}`,
        where:
          rf.at === "django.assume"
            ? phrase`REST_FRAMEWORK as django.assume states it`
            : phrase`REST_FRAMEWORK at ${rf.at.file.split("/").pop()} line ${rf.at.line}`,
        via: setting.winner ? phrase`${setting.winner.node.name} Off (${lineRef(setting.winner.node, app.entry.node)})` : phrase`pass-authorization=Off`,
      };
      const explicit = setting.winner !== null || option !== undefined;
      report({
        messageId: explicit ? "offExplicit" : "off",
        data,
        at: app.entry.node,
        fix: explicit ? undefined : (f) => [f.insertLinesAfter(app.entry.node, ["WSGIPassAuthorization On"])],
      });
    }
  },
});
