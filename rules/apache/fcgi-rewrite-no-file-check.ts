import {
  conditionsOf,
  earlierRules,
  hasFlag,
  isPerDirectory,
  rewriteRules,
  type RewriteCondInfo,
  type RewriteRuleInfo,
} from "../../src/model/apache/rewrite.js";
import { defineRule } from "../../src/rule-api.js";

/** A substitution into a FastCGI script. */
const FCGI = /\.fcgi(?=$|[/?$%])/i;
/** Words that say a rule or condition is about static files. */
const STATIC_WORDS = /media|static|assets|uploads|images|img|css|js|files|favicon|robots/i;

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/fcgi-rewrite-no-file-check",
    severity: "warning",
    summary: "A catch-all RewriteRule into a .fcgi script has no RewriteCond %{REQUEST_FILENAME} !-f",
    rationale:
      "A rule such as `RewriteRule ^(.*)$ mysite.fcgi/$1` sends every request to Django, including the stylesheets, scripts and images that sit beside it on disk: Django answers them with 404s (or serves them slowly through Python). The FastCGI guides put `RewriteCond %{REQUEST_FILENAME} !-f` before the rule so that existing files are served by Apache.",
    silentWhen: [
      "the rule's conditions let existing files through (`RewriteCond %{REQUEST_FILENAME} !-f`, or `%{SCRIPT_FILENAME}`)",
      "the pattern is not a catch-all (`^/app/(.*)$`)",
    ],
    seeds: [
      { seed: "002", section: "Running Django on a Shared-Hosting Provider with Apache" },
      { seed: "003", section: "Running Django on a shared-hosting provider with Apache" },
    ],
    messages: {
      noFileCheck:
        "RewriteRule sends every request to {{script}} with no RewriteCond %{REQUEST_FILENAME} !-f before it: static files go to Django too; add that condition before the rule",
      partly:
        "RewriteRule sends every request but {{passed}} to {{script}} with no RewriteCond %{REQUEST_FILENAME} !-f before it: robots.txt, favicon.ico and every other real file still go to Django; add that condition before the rule",
    },
    absence: ["noFileCheck", "partly"],
  },
  check({ server, report }) {
    for (const rule of rewriteRules(server)) {
      const e = rule.entry;
      if (e.active !== "yes" || rule.negated || hasFlag(rule.flags, "redirect", "proxy", "forbidden", "gone")) continue;
      const script = FCGI.exec(rule.substitution);
      if (!script || !isCatchAll(rule.pattern, isPerDirectory(server, e))) continue;
      const conds = conditionsOf(server, e);
      if (conds.some(letsFilesThrough)) continue;
      // Static prefixes passed through first (seed 002's media rule) still leave every other file to Django.
      const passed = [
        ...earlierRules(server, e)
          .filter(passesStaticThrough)
          .map((r) => r.pattern),
        ...conds.filter(excludesStaticUrls).map((c) => `${c.testString} ${c.condPattern}`),
      ];
      if (passed.length) report({ messageId: "partly", data: { passed: passed.join(", "), script: scriptName(rule) }, at: e.node });
      else report({ messageId: "noFileCheck", data: { script: scriptName(rule) }, at: e.node });
    }
  },
});

/** `^(.*)$`, `^/(.*)$`, `^/?(.*)$`, `.*`, `^`: a pattern every request matches (in its context). */
function isCatchAll(pattern: string, perDir: boolean): boolean {
  const m = /^(\^?)(\/\??)?(\(\.[*+]\)|\.[*+])?(\$?)$/.exec(pattern);
  if (!m) return false;
  const [, caret, slash, body] = m;
  if (!caret && !body) return false;
  // In per-directory context the path has no leading slash: `^/...` matches nothing.
  if (perDir && caret && slash === "/") return false;
  return true;
}

/** An earlier rule that ends processing for static URLs (`RewriteRule ^/static/ - [L]`, seed 002's media rule). */
function passesStaticThrough(r: RewriteRuleInfo): boolean {
  if (!hasFlag(r.flags, "last", "end") || FCGI.test(r.substitution) || hasFlag(r.flags, "redirect", "forbidden", "gone")) return false;
  return r.substitution === "-" || STATIC_WORDS.test(r.pattern) || STATIC_WORDS.test(r.substitution);
}

/** A negated test on the file a request maps to that existing files fail (`!-f`, `!-F`, `!-s`, `!-U`; `!-d` alone lets files through). */
function letsFilesThrough(c: RewriteCondInfo): boolean {
  if (!c.condPattern.startsWith("!") || !/REQUEST_FILENAME|SCRIPT_FILENAME/.test(c.testString.toUpperCase())) return false;
  const p = c.condPattern.slice(1);
  return p.startsWith("-") ? /^-[fFsU]$/.test(p) : true;
}

/** A negated test of the URL against static prefixes (`RewriteCond %{REQUEST_URI} !^/(static|media)/`). */
function excludesStaticUrls(c: RewriteCondInfo): boolean {
  return c.condPattern.startsWith("!") && /REQUEST_URI|THE_REQUEST|PATH_INFO/.test(c.testString.toUpperCase()) && STATIC_WORDS.test(c.condPattern);
}

function scriptName(rule: RewriteRuleInfo): string {
  const s = rule.substitution;
  const end = s.search(FCGI) + ".fcgi".length;
  return s.slice(0, end);
}
