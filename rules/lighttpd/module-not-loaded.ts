import { REWRITE_KEYS, type LighttpdServer, type ModuleRef } from "../../src/model/lighttpd/server.js";
import { defineRule, type Fixer, type TextEdit } from "../../src/rule-api.js";

/** The options this rule checks, the module that reads each, and what is lost without it. */
const NEEDS: { keys: string[]; module: string; lost: string }[] = [
  { keys: ["fastcgi.server"], module: "mod_fastcgi", lost: "no request reaches Django" },
  { keys: ["alias.url"], module: "mod_alias", lost: "the aliased media is not served" },
  { keys: REWRITE_KEYS, module: "mod_rewrite", lost: "no URL is rewritten, so requests do not reach the FastCGI mount" },
];

export default defineRule({
  dialect: "lighttpd",
  meta: {
    id: "lighttpd/module-not-loaded",
    severity: "error",
    summary: "fastcgi.server, alias.url or url.rewrite-* is set while its module is not in server.modules",
    rationale:
      'lighttpd only reads an option when the module that defines it is loaded: without `"mod_fastcgi"` in `server.modules`, `fastcgi.server` is skipped with a warning ("unknown config-key: fastcgi.server (ignored)") and the server starts anyway, serving files instead of the Django app. The same goes for `alias.url` (mod_alias, the media) and `url.rewrite-once` (mod_rewrite, the rules that send requests to the FastCGI mount).',
    silentWhen: [
      "the linter cannot see the whole module list: no `server.modules = (...)` (a fragment linted alone), or an `include_shell` or an unreadable `include` that could add modules",
    ],
    seeds: [
      { seed: "002", section: "FastCGI and lighttpd" },
      { seed: "003", section: "lighttpd setup" },
      { seed: "003", section: "Make sure ``mod_fastcgi`` is in your modules list" },
    ],
    fix: {
      safety: "unsafe",
      title: "Add the module to server.modules",
      why: "options lighttpd ignores today start taking effect: `fastcgi.server` sends requests to the application instead of serving files",
    },
    messages: {
      missing:
        '{{key}} is set but "{{module}}" is not in server.modules: lighttpd ignores the option ("unknown config-key") and {{lost}}; add "{{module}}" to server.modules',
    },
    absence: ["missing"],
  },
  check({ server, report }) {
    for (const need of NEEDS) {
      if (server.hasModule(need.module) !== "no") continue;
      const fix = addModule(server, need.module);
      for (const key of need.keys) {
        for (const { node } of server.assignments(key)) {
          report({
            messageId: "missing",
            data: { key: node.name, module: need.module, lost: need.lost },
            at: { file: node.file, range: node.nameRange },
            ...(fix ? { fix } : {}),
          });
        }
      }
    }
  },
});

/**
 * Insert the module into the list at a place that keeps the FastCGI order
 * (mod_fastcgi after mod_rewrite and mod_access, before mod_accesslog): before
 * the entry it must precede. No fix when that place is the end of the list.
 */
function addModule(server: LighttpdServer, module: string): ((f: Fixer) => TextEdit[]) | null {
  const mods = server.modules;
  const index = (name: string) => mods.findIndex((m) => m.name === name);
  let anchor: ModuleRef | undefined;
  if (module === "mod_fastcgi") {
    const accesslog = index("mod_accesslog");
    const after = Math.max(index("mod_rewrite"), index("mod_access"));
    anchor = accesslog >= 0 && accesslog > after ? mods[accesslog] : mods[after + 1];
  } else {
    const fcgi = index("mod_fastcgi");
    anchor = mods[0];
    if (module !== "mod_alias" && fcgi >= 0) anchor = mods[fcgi];
  }
  if (!anchor) return null;
  const at = anchor.entry.node;
  return (f) => [f.insertLinesBefore(at, [`"${module}",`])];
}
