import type { ApacheDirective, ApacheNode, ApacheSection } from "../../src/ast/apache.js";
import { CONDITIONAL_SECTIONS } from "../../src/model/apache/conditions.js";
import { parseRewriteRule, rewriteEngineState } from "../../src/model/apache/rewrite.js";
import type { ApacheEntry, ApacheServer } from "../../src/model/apache/server.js";
import { sectionName } from "../../src/model/apache/helpers.js";
import { defineRule, type Fixer, type TextEdit } from "../../src/rule-api.js";

const REWRITE_DIRECTIVES = new Set(["rewriteengine", "rewritecond", "rewriterule", "rewritebase", "rewriteoptions", "rewritemap"]);

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/rewrite-engine-off",
    severity: "error",
    summary: "RewriteRule where no RewriteEngine On is in effect",
    rationale:
      "mod_rewrite ignores every `RewriteRule` and `RewriteCond` until `RewriteEngine On` applies to the context: the rules that send requests to the Django FastCGI script (or keep media away from it) silently do nothing, and Apache serves or refuses the raw URLs. A `RewriteEngine On` at server level, in the virtual host or in the enclosing section is enough.",
    silentWhen: [
      "an explicit `RewriteEngine Off` applies to the rule (the documented way to switch rules off)",
      "a `RewriteEngine On` may apply: in the rule's scope chain (server, virtual host, enclosing sections), under a condition the linter cannot decide, or in another `<Directory>`/`<Location>` that httpd may merge with the rule's",
      "server-level rules in a fragment without `LoadModule` lines (a file another configuration includes, where `RewriteEngine On` may come earlier)",
      "a lone `.htaccess` file: the server's `<Directory>` sections or a parent directory's `.htaccess` may turn the engine on",
      "the `RewriteRule` line is malformed (httpd rejects it at start-up)",
      "the rule sits under a condition the linter cannot decide (other than `<IfModule mod_rewrite.c>` itself)",
    ],
    seeds: [
      { seed: "002", section: "Using mod_rewrite to Point URLs at FastCGI" },
      { seed: "003", section: "Running Django on a shared-hosting provider with Apache" },
    ],
    fix: {
      safety: "unsafe",
      title: "Add RewriteEngine On",
      why: "every `RewriteRule` in the scope starts running: rules that have never been tried start redirecting and rewriting requests",
    },
    messages: {
      off: "RewriteRule has no effect: no RewriteEngine On applies to {{where}}, so mod_rewrite skips it; add RewriteEngine On {{place}}",
    },
    absence: ["off"],
  },
  check({ server, report }) {
    if (server.htaccess) return;
    for (const e of server.directives("RewriteRule")) {
      if (!surelyRead(e) || !parseRewriteRule(e) || rewriteEngineState(server, e) !== "no") continue;
      // A server-level fragment without LoadModule lines is included by a main configuration the linter does not see.
      if (e.vhost === null && !server.modulesKnown) continue;
      // `RewriteEngine Off` is how httpd's documentation says to switch rules off: deliberate.
      if (server.directivesInEffect("RewriteEngine", e).length) continue;
      const scope = e.scope;
      const where = scope ? sectionName(scope) : "the server level";
      const anchor = engineAnchor(server, e.node);
      report({
        messageId: "off",
        data: { where, place: scope ? "inside it" : "before the rules" },
        at: e.node,
        ...(anchor ? { fix: (f: Fixer) => [addEngine(f, anchor)] } : {}),
      });
    }
  },
});

/** In effect, or only in doubt because of `<IfModule mod_rewrite.c>` (without mod_rewrite the rule is dead anyway). */
function surelyRead(e: ApacheEntry): boolean {
  if (e.active === "yes") return true;
  if (e.active === "no") return false;
  return e.sections
    .filter((s) => CONDITIONAL_SECTIONS.has(s.key))
    .every((s) => s.key === "ifmodule" && /^(mod_rewrite\.c|rewrite_module)$/i.test(s.args[0]?.value ?? ""));
}

type Anchor = { after: ApacheNode } | { into: ApacheSection };

/** Where `RewriteEngine On` goes: on the line before the first rewrite directive of the rule's block. */
function engineAnchor(server: ApacheServer, node: ApacheDirective): Anchor | null {
  const parent = node.parent;
  const siblings: ApacheNode[] = parent ? parent.children : fileChildren(server, node.file);
  const own = siblings.filter((n) => n.file === node.file);
  const first = own.findIndex((n) => n.kind === "directive" && REWRITE_DIRECTIVES.has(n.key));
  if (first > 0) return { after: own[first - 1] };
  if (first === 0 && parent && !parent.incomplete) return { into: parent };
  return null;
}

function addEngine(f: Fixer, a: Anchor): TextEdit {
  return "after" in a ? f.insertLinesAfter(a.after, ["RewriteEngine On"]) : f.insertIntoSection(a.into, ["RewriteEngine On"]);
}

function fileChildren(server: ApacheServer, file: string): ApacheNode[] {
  for (const f of server.tree.files.values()) if (f.path === file) return f.ast.children;
  return [];
}
