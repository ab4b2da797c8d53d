import { conditionsOf, earlierRules, hasFlag, isPerDirectory, rewriteRules, type RewriteCondInfo, type RewriteRuleInfo } from "../../src/model/apache/rewrite.js";
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
      "the rule's conditions already exclude something (a negated test on `%{REQUEST_FILENAME}`, `%{SCRIPT_FILENAME}` or on `%{REQUEST_URI}` against a static path)",
      "an earlier rule of the same scope ends processing (`[L]`, `[END]`) for static URLs (`RewriteRule ^/static/ - [L]`, seed 002's media rule)",
      "the pattern is not a catch-all (`^/app/(.*)$`)",
    ],
    seeds: [
      { seed: "002", section: "Running Django on a Shared-Hosting Provider with Apache" },
      { seed: "003", section: "Running Django on a shared-hosting provider with Apache" },
    ],
    messages: {
      noFileCheck:
        "RewriteRule sends every request to {{script}} with no RewriteCond %{REQUEST_FILENAME} !-f before it: static files go to Django too; add that condition before the rule",
    },
  },
  check({ server, report }) {
    for (const rule of rewriteRules(server)) {
      const e = rule.entry;
      if (e.active !== "yes" || rule.negated || hasFlag(rule.flags, "redirect", "proxy", "forbidden", "gone")) continue;
      const script = FCGI.exec(rule.substitution);
      if (!script || !isCatchAll(rule.pattern, isPerDirectory(server, e))) continue;
      if (conditionsOf(server, e).some(excludes)) continue;
      if (earlierRules(server, e).some(passesStaticThrough)) continue;
      report({ messageId: "noFileCheck", data: { script: scriptName(rule) }, at: e.node });
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

function excludes(c: RewriteCondInfo): boolean {
  if (!c.condPattern.startsWith("!")) return false;
  const test = c.testString.toUpperCase();
  const p = c.condPattern.slice(1);
  // A file test must be one that existing files pass (`-f`, `-F`, `-s`, `-U`); `!-d` alone lets files through.
  if (/REQUEST_FILENAME|SCRIPT_FILENAME/.test(test)) return p.startsWith("-") ? /^-[fFsU]$/.test(p) : true;
  return /REQUEST_URI|THE_REQUEST|PATH_INFO/.test(test) && STATIC_WORDS.test(c.condPattern);
}

function scriptName(rule: RewriteRuleInfo): string {
  const s = rule.substitution;
  const end = s.search(FCGI) + ".fcgi".length;
  return s.slice(0, end);
}
