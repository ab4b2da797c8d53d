import type { LighttpdScalar } from "../../src/ast/lighttpd.js";
import type { ModuleRef } from "../../src/model/lighttpd/server.js";
import { defineRule, type Fixer, type TextEdit } from "../../src/rule-api.js";

/**
 * Modules mod_fastcgi must follow, and what they do first when they come before it. lighttpd runs the modules that
 * hook one stage of a request in `server.modules` order: mod_access and mod_fastcgi both look at the clean URL, so
 * a FastCGI mount listed first answers before `url.access-deny` is checked (lighttpd 1.4.69 on loopback:
 * `/app/x.secret` under `url.access-deny = (".secret")` answered 200, 403 with mod_access first). mod_rewrite's
 * rules run on the raw URL, a stage before, and mod_accesslog logs when the request is done: their place in the
 * list changes nothing (the same server rewrote `/` to the FastCGI mount and logged the request in either order),
 * whatever Django's old FastCGI guide (seeds 002, 003) asked.
 */
const BEFORE_FASTCGI: Record<string, string> = {
  mod_access: "url.access-deny is checked",
};

export default defineRule({
  dialect: "lighttpd",
  meta: {
    id: "lighttpd/fastcgi-module-order",
    severity: "error",
    summary: "mod_fastcgi is listed before mod_access in server.modules: FastCGI answers before url.access-deny is checked",
    rationale:
      "lighttpd runs the modules that look at a request at the same stage in the order of `server.modules`. `mod_access` and `mod_fastcgi` both look at the clean URL: when `mod_fastcgi` comes first, it takes requests for its mount before `mod_access` has checked them, and `url.access-deny` (`~`, `.inc`, a `.secret` suffix) no longer refuses anything under the FastCGI mount. The check reads the list as lighttpd builds it, after every `server.modules +=` in every included file.\n\nDjango's old FastCGI guide also asked for `mod_fastcgi` after `mod_rewrite` and before `mod_accesslog`; lighttpd 1.4.69, run on loopback, rewrites the URL (`url.rewrite-once`) before any module takes the request and logs it when it is done, in either order, so those places are not reported.",
    silentWhen: [
      "`mod_fastcgi` is not in `server.modules`",
      "`mod_access` is not in the list (a missing module is `lighttpd/module-not-loaded`'s business)",
      "`mod_fastcgi` comes before `mod_rewrite` or after `mod_accesslog`: lighttpd rewrites and logs the request in either order",
    ],
    seeds: [
      { seed: "002", section: "FastCGI and lighttpd" },
      { seed: "003", section: "lighttpd setup" },
      { seed: "003", section: "somewhere after ``mod_rewrite`` and ``mod_access``, but not after ``mod_accesslog``" },
    ],
    fix: {
      safety: "unsafe",
      title: "Move mod_fastcgi after mod_access",
      why: "access rules start applying to requests mod_fastcgi took before them: requests it answered may be denied",
    },
    messages: {
      beforeModule:
        '"mod_fastcgi" is listed before "{{module}}" in server.modules: lighttpd runs modules in list order, so FastCGI takes the request before {{what}}; list "mod_fastcgi" after "{{module}}"',
    },
  },
  check({ server, report }) {
    const mods = server.modules;
    const at = (name: string) => mods.findIndex((m) => m.name === name);
    const fcgi = at("mod_fastcgi");
    if (fcgi < 0) return;
    const node = mods[fcgi].entry.node.value;
    const late = Object.keys(BEFORE_FASTCGI).find((name) => at(name) > fcgi);
    if (!late) return;
    const fix = reorder(mods);
    report({ messageId: "beforeModule", data: { module: late, what: BEFORE_FASTCGI[late] }, at: node, ...(fix ? { fix } : {}) });
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
  const pos = Math.max(...Object.keys(BEFORE_FASTCGI).map((n) => without.indexOf(n))) + 1;
  const wanted = [...without.slice(0, pos), "mod_fastcgi", ...without.slice(pos)];
  const changes = mods.map((m, i) => ({ node: m.entry.node.value, name: wanted[i], was: names[i] })).filter((c) => c.name !== c.was);
  const plain = (v: unknown): v is LighttpdScalar => (v as LighttpdScalar).kind === "arg" && (v as LighttpdScalar).type === "string";
  if (!changes.length || !changes.every((c) => plain(c.node)) || new Set(changes.map((c) => c.node.file)).size !== 1) return null;
  return (f) => changes.map((c) => f.replaceArg(c.node as LighttpdScalar, c.name));
}
