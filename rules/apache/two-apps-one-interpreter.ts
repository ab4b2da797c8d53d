import { applicationGroupOf, processGroupOf, wsgiApps, type WsgiApp } from "../../src/model/apache/wsgi-apps.js";
import { settingsModuleInScriptText } from "../../src/model/django/settings-module.js";
import { defineRule, phrase, type Phrase, lineRef } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/two-apps-one-interpreter",
    severity: "error",
    summary: "Two WSGIScriptAlias applications are forced into one Python interpreter",
    rationale:
      "Django reads its settings module from the process environment (`DJANGO_SETTINGS_MODULE`) and configures itself once per Python interpreter. Two Django sites that share one interpreter (`WSGIApplicationGroup %{GLOBAL}`, or the same explicit application group, in the same process group; embedded applications all share Apache's processes) therefore both run with the settings of whichever loaded first. mod_wsgi's default gives every mount point its own interpreter; keep it, or give each site its own daemon process group.",
    silentWhen: [
      "both mounts use the same WSGI script (one application mounted twice)",
      "both scripts can be read and set the same `DJANGO_SETTINGS_MODULE`, or one of them is not a Django application",
      "the process or application group cannot be decided (`%{ENV:...}`, undecidable conditions)",
    ],
    seeds: [{ seed: "001", section: "it is impossible to run two Django sites within one Python sub interpreter" }],
    messages: {
      shared:
        "WSGIScriptAlias {{url}} runs in the same Python interpreter as WSGIScriptAlias {{otherUrl}} on {{otherLine}} ({{why}}): Django keeps its settings in the process environment, so one site runs with the other's settings; give each application its own application group or daemon process group",
    },
  },
  check({ server, fs, report }) {
    const groups = new Map<string, WsgiApp[]>();
    const why = new Map<WsgiApp, Phrase>();
    for (const app of wsgiApps(server)) {
      if (app.entry.active !== "yes" || !app.script || app.scriptArg.value.endsWith("/") || fs.kind(app.script) === "dir") continue;
      const pg = processGroupOf(server, app);
      if (pg.kind === "unknown") continue;
      const ag = applicationGroupOf(server, app);
      if (ag.kind !== "shared") continue;
      const key = `${pg.kind === "daemon" ? pg.name : ""}\0${ag.key}`;
      const list = groups.get(key) ?? [];
      list.push(app);
      groups.set(key, list);
      const via =
        ag.via === app.entry ? phrase`application-group=${ag.label}` : phrase`WSGIApplicationGroup ${ag.label} on ${lineRef(ag.via.node, app.entry.node)}`;
      why.set(app, pg.kind === "daemon" ? phrase`${via}, daemon group ${pg.name}` : phrase`${via}, embedded`);
    }
    const settingsOf = (app: WsgiApp): string | null | undefined => {
      const text = fs.read(app.script as string).text;
      if (text === undefined) return undefined; // unreadable
      const m = settingsModuleInScriptText(text, app.script as string);
      if (m) return m.value;
      return /django/i.test(text) ? "?" : null; // "?": Django, settings not found; null: not Django
    };
    for (const apps of groups.values()) {
      for (let i = 1; i < apps.length; i++) {
        const app = apps[i];
        const first = apps.slice(0, i).find((o) => o.script !== app.script && conflict(settingsOf(o), settingsOf(app)));
        if (!first) continue;
        report({
          messageId: "shared",
          data: { url: app.url, otherUrl: first.url, otherLine: lineRef(first.entry.node, app.entry.node), why: why.get(app) as Phrase },
          at: app.entry.node,
        });
      }
    }
  },
});

/** Whether two scripts' settings can clash: unreadable counts as yes, non-Django as no, the same module as no. */
function conflict(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a === null || b === null) return false;
  if (a === undefined || b === undefined || a === "?" || b === "?") return true;
  return a !== b;
}
