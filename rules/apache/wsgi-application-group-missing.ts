import type { ApacheSection } from "../../src/ast/apache.js";
import { appSetting, processGroupOf, visibleDaemon, wsgiApps } from "../../src/model/apache/wsgi-apps.js";
import { appsInDaemon } from "../../src/model/apache/wsgi-groups.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/wsgi-application-group-missing",
    severity: "info",
    summary: "A daemon-mode WSGI application runs in a sub-interpreter (no WSGIApplicationGroup %{GLOBAL})",
    rationale:
      "Without `WSGIApplicationGroup` (or `application-group=`), mod_wsgi runs each mount point in its own Python sub-interpreter, even when it is the only application of its daemon group. Some C extensions Django sites use (numpy, psycopg, lxml, cryptography's bindings) are not written for sub-interpreters: they hang on import, deadlock or misbehave in ways that are hard to trace. With one application per daemon group, `WSGIApplicationGroup %{GLOBAL}` runs it in the main interpreter and avoids the problem.",
    silentWhen: [
      "the application runs embedded in Apache's processes, or its group cannot be known",
      "`WSGIApplicationGroup` or `application-group=` is set (to any value) where it applies, or may be (a `<Location>` covering part of the mount, an undecidable condition)",
      "an Include at server level or in the virtual host cannot be read (it may set `WSGIApplicationGroup`)",
      "the daemon group runs more than one application: `%{GLOBAL}` would put them in one interpreter (see `apache/two-apps-one-interpreter`)",
    ],
    seeds: [{ seed: "001", section: "it is impossible to run two Django sites within one Python sub interpreter" }],
    references: [
      {
        title: "mod_wsgi: Application Issues, Python Simplified GIL State API",
        url: "https://modwsgi.readthedocs.io/en/master/user-guides/application-issues.html#python-simplified-gil-state-api",
      },
    ],
    fix: {
      safety: "unsafe",
      title: "Add WSGIApplicationGroup %{GLOBAL}",
      why: "every application of the daemon group then shares the main interpreter: two Django sites in one group would share one settings module",
    },
    messages: {
      missing:
        "The application at {{url}} runs in daemon group {{group}} in a sub-interpreter (no WSGIApplicationGroup): C extensions such as numpy, psycopg or lxml can hang or misbehave there; add WSGIApplicationGroup %{GLOBAL}",
    },
    absence: ["missing"],
  },
  check({ server, report }) {
    const apps = wsgiApps(server);
    // Applications that may be in effect, per virtual host (null: server level), for the "alone in its host" test.
    const live = new Map<ApacheSection | null, number>();
    for (const a of apps) if (a.entry.active !== "no") live.set(a.entry.vhost, (live.get(a.entry.vhost) ?? 0) + 1);
    const liveTotal = [...live.values()].reduce((n, k) => n + k, 0);
    for (const app of apps) {
      if (app.entry.active !== "yes" || app.options.has("application-group")) continue;
      const pg = processGroupOf(server, app);
      if (pg.kind !== "daemon") continue;
      const setting = appSetting(server, app, "WSGIApplicationGroup");
      if (setting.winner || setting.uncertain) continue;
      const daemon = visibleDaemon(server, pg.name, app.entry.vhost);
      const inDaemon = daemon ? appsInDaemon(server, daemon) : null;
      if (!inDaemon || inDaemon.length !== 1 || inDaemon[0].entry !== app.entry) continue;
      // The directive reaches every application of its host: only when this is the host's only one.
      // (No other application in effect at server level or in this host; at server level, none at all.)
      const vhost = app.entry.vhost;
      const alone = (vhost === null ? liveTotal : (live.get(null) ?? 0) + (live.get(vhost) ?? 0)) === 1;
      report({
        messageId: "missing",
        data: { url: app.url, group: pg.name },
        at: app.entry.node,
        fix: alone ? (f) => [f.insertLinesAfter(app.entry.node, ["WSGIApplicationGroup %{GLOBAL}"])] : undefined,
      });
    }
  },
});
