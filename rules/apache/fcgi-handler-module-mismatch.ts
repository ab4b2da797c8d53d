import { defineRule } from "../../src/rule-api.js";

const HANDLERS: Record<string, { module: string; other: string; otherModule: string; otherHandler: string }> = {
  "fastcgi-script": { module: "fastcgi", other: "fcgid", otherModule: "mod_fcgid", otherHandler: "fcgid-script" },
  "fcgid-script": { module: "fcgid", other: "fastcgi", otherModule: "mod_fastcgi", otherHandler: "fastcgi-script" },
};

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/fcgi-handler-module-mismatch",
    severity: "error",
    summary: "A FastCGI handler name that belongs to the FastCGI module that is not loaded",
    rationale:
      "mod_fastcgi handles `fastcgi-script`, mod_fcgid handles `fcgid-script`. With the other module loaded, Apache finds no handler for the name, so `.fcgi` scripts are served as plain files (your Python source, settings included) or answered with an error instead of running Django. The FastCGI guide's shared-hosting `.htaccess` differs in exactly this line between the two modules.",
    silentWhen: [
      "the module set is unknown (a lone `.htaccess` or site file with no `LoadModule`)",
      "both modules, or neither, are loaded",
      "an Include at server level or in the virtual host cannot be read (one at server level may load the other module)",
    ],
    seeds: [{ seed: "003", section: "Instead of adding a fastcgi-script handler, you have to add a fcgid-handler" }],
    fix: {
      safety: "unsafe",
      title: "Use the loaded module's handler name",
      why: "scripts that are served as files or fail today start running, under the module that is loaded and with its settings (process limits, timeouts, environment), which the configuration may not have set",
    },
    messages: {
      mismatch:
        "Handler '{{handler}}' belongs to mod_{{module}}, which is not loaded, while {{otherModule}} is: .fcgi scripts are not run as FastCGI; use '{{otherHandler}}'",
    },
    absence: ["mismatch"],
  },
  check({ server, report }) {
    if (!server.modulesKnown) return;
    for (const name of ["AddHandler", "SetHandler"]) {
      for (const e of server.directives(name)) {
        const arg = e.node.args[0];
        const h = arg ? HANDLERS[arg.value.toLowerCase()] : undefined;
        if (!arg || !h || e.active !== "yes") continue;
        if (server.hasModule(h.module) !== "no" || server.hasModule(h.other) !== "yes") continue;
        report({
          messageId: "mismatch",
          data: { handler: arg.value, module: h.module, otherModule: h.otherModule, otherHandler: h.otherHandler },
          at: arg,
          fix: (f) => [f.replaceArg(arg, h.otherHandler)],
        });
      }
    }
  },
});
