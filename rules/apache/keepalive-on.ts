import type { ApacheServer } from "../../src/model/apache/server.js";
import { defineRule, phrase, lineRef } from "../../src/rule-api.js";

const DJANGO_HANDLERS = new Set(["python-program", "mod_python", "wsgi-script"]);

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/keepalive-on",
    severity: "warning",
    profiles: { development: "off" },
    summary: "KeepAlive On in an Apache that runs Django",
    rationale:
      "With keep-alive, each Apache child stays tied to one browser for `KeepAliveTimeout` seconds after answering it. When Apache embeds Django (mod_python, mod_wsgi) those idle children hold the memory of a whole Django process while users read the page, and the server runs out of workers long before it runs out of CPU. Serve media from a separate server and turn keep-alive off on the Django server.",
    silentWhen: [
      "neither mod_python nor mod_wsgi is surely loaded or used (`LoadModule`, `WSGIScriptAlias`, `WSGIDaemonProcess`, `PythonHandler`, `SetHandler python-program`)",
      "the `KeepAlive On` line sits under a condition the linter cannot decide",
      "the development profile",
    ],
    seeds: [{ seed: "002", section: "Turn Off Keep-Alive" }],
    fix: {
      safety: "unsafe",
      title: "Set KeepAlive Off",
      why: "every client's connections change: browsers open a new connection per request, which costs latency where Apache also serves static files or TLS",
    },
    messages: {
      on: "KeepAlive is On while Apache runs Django ({{why}}): idle connections keep Django-sized children waiting instead of serving; set KeepAlive Off",
    },
  },
  check({ server, report }) {
    const evidence = runsDjango(server);
    if (!evidence) return;
    for (const e of server.directives("KeepAlive")) {
      const flag = e.node.args[0];
      if (e.active !== "yes" || flag?.value.toLowerCase() !== "on") continue;
      const why =
        typeof evidence === "string" ? evidence : phrase`${evidence.text} on ${lineRef({ file: evidence.file, range: { line: evidence.line } }, e.node)}`;
      report({ messageId: "on", data: { why }, at: flag, fix: (f) => [f.replaceArg(flag, "Off")] });
    }
  },
});

/** Why this Apache surely runs Django (a loaded module, or the first directive that hands it requests), or null. */
function runsDjango(server: ApacheServer): string | { text: string; line: number; file: string } | null {
  for (const [short, name] of [
    ["wsgi", "mod_wsgi"],
    ["python", "mod_python"],
  ] as const) {
    if (server.modules.get(short)?.entry.active === "yes" || server.compiledIn.has(short)) return `${name} is loaded`;
  }
  const uses = [
    ...["WSGIScriptAlias", "WSGIScriptAliasMatch", "WSGIDaemonProcess", "PythonHandler"].flatMap((n) => server.directives(n)),
    ...["SetHandler", "AddHandler"].flatMap((n) => server.directives(n)).filter((d) => DJANGO_HANDLERS.has(d.node.args[0]?.value.toLowerCase() ?? "")),
  ].filter((d) => d.active === "yes");
  if (uses.length) {
    const e = uses.reduce((a, b) => (b.order < a.order ? b : a));
    const handler = e.node.key.endsWith("handler") && e.node.key !== "pythonhandler" ? ` ${e.node.args[0].value}` : "";
    return { text: `${e.node.name}${handler}`, line: e.node.range.line, file: e.node.file };
  }
  return null;
}
