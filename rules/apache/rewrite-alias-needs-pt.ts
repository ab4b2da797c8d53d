import type { ApacheDirective, ApacheSection } from "../../src/ast/apache.js";
import { hasFlag, isPassThroughOrExternal, isPerDirectory, rewriteRules, substitutionPrefix, type RewriteRuleInfo } from "../../src/model/apache/rewrite.js";
import { aliasCovering } from "../../src/model/apache/alias-index.js";
import type { ApacheServer } from "../../src/model/apache/server.js";
import { defineRule, phrase, type Fixer, type Phrase, type TextEdit } from "../../src/rule-api.js";
import { configRegex, type ConfigRegex } from "../../src/core/config-regex.js";

/** Flags after which the Alias question does not arise: passed through already, redirected, proxied, refused. */
const DONE = ["passthrough", "redirect", "proxy", "forbidden", "gone"];

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/rewrite-alias-needs-pt",
    severity: "warning",
    summary: "A server-level RewriteRule rewrites into an Alias URL without the PT flag",
    rationale:
      "In server and virtual-host context mod_rewrite maps URLs before mod_alias does, and its result is taken as a file path: the `Alias` that should serve the rewritten URL is never consulted, and the request fails (or serves a file from the wrong place). The `PT` (pass-through) flag hands the rewritten URL back to the URL mapping so that `Alias` applies, as the FastCGI guide's media rule `[QSA,L,PT]` does.",
    silentWhen: [
      "the rule is in per-directory context (`<Directory>`, `<Location>`, `.htaccess`), where Alias has already been applied",
      "the rule redirects (`R`), proxies (`P`), refuses (`F`, `G`), leaves the URL alone (`-`) or rewrites to an absolute URL",
      "the part of the result that decides the Alias cannot be known from the rule (alternations, optional groups, `%{...}` variables)",
      "the only Alias covering the result is the root `/`",
    ],
    seeds: [{ seed: "003", section: "RewriteRule ^/(media.*)$ /$1 [QSA,L,PT]" }],
    fix: {
      safety: "unsafe",
      title: "Add the PT flag",
      why: "`PT` implies `L`: once the rule matches, the rewrite rules after it no longer run",
    },
    messages: {
      needsPt:
        "RewriteRule rewrites to {{result}}, which {{alias}} maps, without the PT flag: the result is taken as a file path and the Alias never applies; add PT to the flags",
    },
  },
  check({ server, report }) {
    if (server.htaccess) return;
    for (const rule of rewriteRules(server)) {
      const e = rule.entry;
      if (isPerDirectory(server, e) || isPassThroughOrExternal(rule) || hasFlag(rule.flags, ...DONE)) continue;
      const { prefix, complete } = substitutionPrefix(rule);
      if (!prefix.startsWith("/")) continue;
      const alias = coveringAlias(server, e.vhost, prefix, complete);
      if (!alias) continue;
      report({
        messageId: "needsPt",
        data: { result: complete ? prefix : `${prefix}...`, alias },
        at: rule.flags.arg ?? e.node,
        fix: (f) => [addPt(f, rule)],
      });
    }
  },
});

/** The Alias (as `Alias /url`) that maps a rewritten URL, seen from a virtual host. */
function coveringAlias(server: ApacheServer, vhost: ApacheSection | null, prefix: string, complete: boolean): Phrase | null {
  for (const name of ["Alias", "ScriptAlias"]) {
    // Looked up by URL in an index built once per server (asked per RewriteRule).
    const a = aliasCovering(server, name, vhost, prefix, complete);
    if (a) return phrase`${a.node.name} ${a.node.args[0].value}`;
  }
  for (const name of ["AliasMatch", "ScriptAliasMatch"]) {
    if (!complete) continue;
    // Those the host sees only (asked per RewriteRule), each regex compiled once.
    for (const a of server.directivesSeenBy(name, vhost)) {
      if (a.node.args.length !== 2) continue;
      const re = aliasRegex(a.node);
      if (!re) continue;
      if (re.test(prefix) && !re.test("/") && !re.test("/djlint-conf-probe")) return phrase`${a.node.name} ${a.node.args[0].value}`;
    }
  }
  return null;
}

function addPt(f: Fixer, rule: RewriteRuleInfo): TextEdit {
  const arg = rule.flags.arg;
  if (!arg) return f.replaceRange(rule.substitutionArg, `${rule.substitutionArg.raw} [PT]`);
  const inner = arg.value.slice(1, -1);
  const pt = /[A-Z]/.test(inner) || !/[a-z]/.test(inner) ? "PT" : "pt";
  return f.replaceArg(arg, `[${inner.trim() ? `${inner},${pt}` : pt}]`);
}

const regexes = new WeakMap<ApacheDirective, ConfigRegex | null>();

/** An AliasMatch's regex (null: JavaScript cannot read it), compiled once per directive. */
function aliasRegex(d: ApacheDirective): ConfigRegex | null {
  let re = regexes.get(d);
  if (re === undefined) {
    re = configRegex(d.args[0].value);
    regexes.set(d, re);
  }
  return re;
}
