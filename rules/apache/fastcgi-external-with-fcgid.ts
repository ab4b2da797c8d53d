import { defineRule, phrase, lineIn } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/fastcgi-external-with-fcgid",
    severity: "error",
    summary: "FastCGIExternalServer is used while only mod_fcgid is loaded",
    rationale:
      '`FastCGIExternalServer` is a mod_fastcgi directive. mod_fcgid spawns its own FastCGI processes and has no way to connect to a Django server you started yourself, so with only mod_fcgid loaded Apache refuses the configuration ("Invalid command"). Load mod_fastcgi, or let mod_fcgid start the `.fcgi` script through `AddHandler fcgid-script` (or proxy to Django with mod_proxy_fcgi).',
    silentWhen: [
      "the module set is unknown (no `LoadModule` in view and none given in the configuration)",
      "mod_fastcgi is loaded, or mod_fcgid is not",
      "an Include at server level or in the virtual host cannot be read (one at server level may load mod_fastcgi)",
      "the directive sits under a condition the linter cannot decide, or one that is false (`<IfModule mod_fastcgi.c>`)",
    ],
    seeds: [{ seed: "003", section: "doesn't offer something like ``FastCGIExternalServer``" }],
    messages: {
      noFastcgi:
        "FastCGIExternalServer is a mod_fastcgi directive, but only mod_fcgid is loaded ({{where}}): Apache refuses to start; load mod_fastcgi or run the .fcgi script through AddHandler fcgid-script",
    },
    absence: ["noFastcgi"],
  },
  check({ server, report }) {
    if (!server.modulesKnown || server.hasModule("fastcgi") !== "no" || server.hasModule("fcgid") !== "yes") return;
    const fcgid = server.modules.get("fcgid");
    const where = fcgid ? phrase`LoadModule ${fcgid.entry.node.args[0]?.value} on ${lineIn(fcgid.entry.node)}` : "compiled in";
    for (const e of server.directives("FastCGIExternalServer")) {
      if (e.active !== "yes") continue;
      report({ messageId: "noFastcgi", data: { where }, at: e.node });
    }
  },
});
