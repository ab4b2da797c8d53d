import type { LighttpdScalar } from "../../src/ast/lighttpd.js";
import type { ModuleRef } from "../../src/model/lighttpd/server.js";
import { defineRule, type Fixer, type TextEdit } from "../../src/rule-api.js";

/** Modules mod_fastcgi must follow, and what they do first when they come before it. */
const BEFORE_FASTCGI: Record<string, string> = {
  mod_rewrite: "url.rewrite rules are applied",
  mod_access: "url.access-deny is checked",
};

export default defineRule({
  dialect: "lighttpd",
  meta: {
    id: "lighttpd/fastcgi-module-order",
    severity: "error",
    summary: "mod_fastcgi is listed before mod_rewrite or mod_access, or after mod_accesslog, in server.modules",
    rationale:
      "lighttpd runs its modules in the order of `server.modules`. When `mod_fastcgi` comes before `mod_rewrite` it takes requests for the FastCGI mount before the `url.rewrite-once` rules that send `/` to `/mysite.fcgi` have run, and before `mod_access` it answers requests that `url.access-deny` should have refused. The Django setup lists `mod_fastcgi` after `mod_rewrite` and `mod_access` and before `mod_accesslog`. The check reads the list as lighttpd builds it, after every `server.modules +=` in every included file.",
    silentWhen: [
      "`mod_fastcgi` is not in `server.modules`",
      "the modules involved are not in the list (a missing module is `lighttpd/module-not-loaded`'s business)",
    ],
    seeds: [
      { seed: "002", section: "FastCGI and lighttpd" },
      { seed: "003", section: "lighttpd setup" },
      { seed: "003", section: "somewhere after ``mod_rewrite`` and ``mod_access``, but not after ``mod_accesslog``" },
    ],
    fix: {
      safety: "unsafe",
      title: "Move mod_fastcgi after mod_rewrite and mod_access and before mod_accesslog",
      why: "rewrite and access rules start applying to requests mod_fastcgi took before them: URLs may be rewritten or denied",
    },
    messages: {
      beforeModule:
        '"mod_fastcgi" is listed before "{{module}}" in server.modules: lighttpd runs modules in list order, so FastCGI takes the request before {{what}}; list "mod_fastcgi" after "{{module}}"',
      afterAccesslog:
        '"mod_fastcgi" is listed after "mod_accesslog" in server.modules: the Django FastCGI setup needs it before mod_accesslog; list "mod_fastcgi" before "mod_accesslog"',
    },
  },
  check({ server, report }) {
    const mods = server.modules;
    const at = (name: string) => mods.findIndex((m) => m.name === name);
    const fcgi = at("mod_fastcgi");
    if (fcgi < 0) return;
    const node = mods[fcgi].entry.node.value;
    const late = Object.keys(BEFORE_FASTCGI).find((name) => at(name) > fcgi);
    const fix = reorder(mods);
    if (late) {
      report({ messageId: "beforeModule", data: { module: late, what: BEFORE_FASTCGI[late] }, at: node, ...(fix ? { fix } : {}) });
      return;
    }
    const accesslog = at("mod_accesslog");
    if (accesslog >= 0 && accesslog < fcgi) report({ messageId: "afterAccesslog", at: node, ...(fix ? { fix } : {}) });
  },
});

/**
 * The edits that move mod_fastcgi to its place: the same entries with their
 * names permuted, each written where it stands. Offered only when every
 * entry that changes is a plain string in one file and the order is possible.
 */
function reorder(mods: ModuleRef[]): ((f: Fixer) => TextEdit[]) | null {
  const names = mods.map((m) => m.name);
  const without = names.filter((n) => n !== "mod_fastcgi");
  if (without.length !== names.length - 1) return null; // listed twice: leave it to the user
  const after = Math.max(...Object.keys(BEFORE_FASTCGI).map((n) => without.indexOf(n)));
  const accesslog = without.indexOf("mod_accesslog");
  const pos = after + 1;
  if (accesslog >= 0 && accesslog < pos) return null;
  const wanted = [...without.slice(0, pos), "mod_fastcgi", ...without.slice(pos)];
  const changes = mods.map((m, i) => ({ node: m.entry.node.value, name: wanted[i], was: names[i] })).filter((c) => c.name !== c.was);
  const plain = (v: unknown): v is LighttpdScalar => (v as LighttpdScalar).kind === "arg" && (v as LighttpdScalar).type === "string";
  if (!changes.length || !changes.every((c) => plain(c.node)) || new Set(changes.map((c) => c.node.file)).size !== 1) return null;
  return (f) => changes.map((c) => f.replaceArg(c.node as LighttpdScalar, c.name));
}
