/**
 * mod_rewrite as httpd reads it: `RewriteRule Pattern Substitution [flags]`
 * and `RewriteCond TestString CondPattern [flags]` (httpd's own tokenizer keeps
 * a backslash-escaped blank inside a word), the conditions that belong to a
 * rule (every `RewriteCond` since the previous `RewriteRule` of the same
 * scope), whether `RewriteEngine On` can be in effect for a rule, and what a
 * substitution yields as far as it can be known without a request.
 */
import type { ApacheDirective, ApacheSection } from "../../ast/apache.js";
import type { ArgNode } from "../../ast/types.js";
import { directoryCovers, directoryPath } from "./access.js";
import type { Tri } from "../../core/tri.js";
import type { ApacheEntry, ApacheServer } from "./server.js";
import { locationPath, urlsOverlap } from "./urls.js";
import { own } from "../../core/own.js";

/** Sections whose contents are per-directory context for mod_rewrite (the pattern sees no leading slash there). */
export const PER_DIR_SECTIONS = new Set([
  "directory",
  "directorymatch",
  "location",
  "locationmatch",
  "files",
  "filesmatch",
  "proxy",
  "proxymatch",
  "if",
  "elseif",
  "else",
]);

const FLAG_ALIASES: Record<string, string> = {
  pt: "passthrough",
  l: "last",
  r: "redirect",
  p: "proxy",
  f: "forbidden",
  g: "gone",
  qsa: "qsappend",
  qsd: "qsdiscard",
  nc: "nocase",
  c: "chain",
  s: "skip",
  n: "next",
  ns: "nosubreq",
  h: "handler",
  t: "type",
  e: "env",
  co: "cookie",
  ne: "noescape",
  b: "b",
  bnp: "bnp",
  end: "end",
  or: "ornext",
  nv: "novary",
};

export interface RewriteFlags {
  arg: ArgNode | null;
  /** Canonical long names (`passthrough`, `last`, `redirect`...) -> value after `=` ("" if none). */
  map: Map<string, string>;
}

export interface RewriteRuleInfo {
  entry: ApacheEntry<ApacheDirective>;
  pattern: string;
  /** `!Pattern`: the rule applies when the pattern does not match (no back-references). */
  negated: boolean;
  substitution: string;
  substitutionArg: ArgNode;
  flags: RewriteFlags;
}

export interface RewriteCondInfo {
  entry: ApacheEntry<ApacheDirective>;
  testString: string;
  condPattern: string;
  flags: RewriteFlags;
}

/** httpd's words for mod_rewrite: an unquoted word ending in `\` continues over the blank that follows. */
function words(args: ArgNode[]): { value: string; args: ArgNode[] }[] {
  const out: { value: string; args: ArgNode[] }[] = [];
  let joinNext = false;
  for (const a of args) {
    if (joinNext && out.length) {
      const last = out[out.length - 1];
      last.value += " " + a.value;
      last.args.push(a);
    } else out.push({ value: a.value, args: [a] });
    joinNext = a.quote === null && /(?:^|[^\\])(?:\\\\)*\\$/.test(a.raw);
  }
  return out;
}

function parseFlags(w: { value: string; args: ArgNode[] } | undefined): RewriteFlags | null {
  const map = new Map<string, string>();
  if (!w) return { arg: null, map };
  if (w.args.length !== 1 || !w.value.startsWith("[") || !w.value.endsWith("]")) return null;
  for (const part of w.value.slice(1, -1).split(",")) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.indexOf("=");
    const key = (eq < 0 ? p : p.slice(0, eq)).toLowerCase();
    map.set(own(FLAG_ALIASES, key) ?? key, eq < 0 ? "" : p.slice(eq + 1));
  }
  return { arg: w.args[0], map };
}

/** A `RewriteRule`'s parts, or null when httpd would reject its argument line. */
export function parseRewriteRule(entry: ApacheEntry<ApacheDirective>): RewriteRuleInfo | null {
  const w = words(entry.node.args);
  if (w.length < 2 || w.length > 3 || w[1].args.length !== 1) return null;
  const flags = parseFlags(w[2]);
  if (!flags) return null;
  const negated = w[0].value.startsWith("!");
  return {
    entry,
    pattern: negated ? w[0].value.slice(1) : w[0].value,
    negated,
    substitution: w[1].value,
    substitutionArg: w[1].args[0],
    flags,
  };
}

export function parseRewriteCond(entry: ApacheEntry<ApacheDirective>): RewriteCondInfo | null {
  const w = words(entry.node.args);
  if (w.length < 2 || w.length > 3) return null;
  const flags = parseFlags(w[2]);
  if (!flags) return null;
  return { entry, testString: w[0].value, condPattern: w[1].value, flags };
}

/** The rules of the server, parsed, in config order (entries that are surely not in effect left out). */
export function rewriteRules(server: ApacheServer): RewriteRuleInfo[] {
  return server
    .directives("RewriteRule")
    .map(parseRewriteRule)
    .filter((r): r is RewriteRuleInfo => r !== null);
}

/** Per-directory context: a lone .htaccess, or inside `<Directory>`, `<Location>`, `<Files>`, `<If>`... */
export function isPerDirectory(server: ApacheServer, entry: ApacheEntry): boolean {
  return server.htaccess || entry.sections.some((s) => PER_DIR_SECTIONS.has(s.key));
}

/** The `RewriteCond`s that apply to a rule: those read since the previous `RewriteRule` of the same scope. */
export function conditionsOf(server: ApacheServer, rule: ApacheEntry<ApacheDirective>): RewriteCondInfo[] {
  const inScope = server.inScope(rule.scope);
  const i = inScope.indexOf(rule);
  const out: RewriteCondInfo[] = [];
  for (let k = i - 1; k >= 0; k--) {
    const n = inScope[k].node;
    if (n.kind !== "directive") continue;
    if (n.key === "rewriterule") break;
    if (n.key === "rewritecond") {
      const c = parseRewriteCond(inScope[k] as ApacheEntry<ApacheDirective>);
      if (c) out.unshift(c);
    }
  }
  return out;
}

/** The rules read before this one in the same scope (most recent last). */
export function earlierRules(server: ApacheServer, rule: ApacheEntry<ApacheDirective>): RewriteRuleInfo[] {
  const inScope = server.inScope(rule.scope);
  const i = inScope.indexOf(rule);
  return inScope
    .slice(0, Math.max(i, 0))
    .filter((e): e is ApacheEntry<ApacheDirective> => e.node.kind === "directive" && e.node.key === "rewriterule")
    .map(parseRewriteRule)
    .filter((r): r is RewriteRuleInfo => r !== null);
}

const isOn = (e: ApacheEntry<ApacheDirective>) => e.node.args[0]?.value.toLowerCase() === "on";

/** Per enclosing-sections array (one per context in the model, shared by its entries), per scope and host: the answer of the chain. */
const chainAnswers = new WeakMap<ApacheServer, WeakMap<readonly ApacheSection[], Map<ApacheSection | null, Map<ApacheSection | null, Tri | null>>>>();

/**
 * `yes`/`unknown` when a `RewriteEngine On` in the scope chain surely/maybe
 * applies, null when none is there. The same for every entry of a context:
 * found once per context, not per RewriteRule (a host with thousands of rules
 * and of `RewriteEngine On` lines would pay rules x lines).
 */
function engineInChain(server: ApacheServer, at: ApacheEntry): Tri | null {
  let bySections = chainAnswers.get(server);
  if (!bySections) chainAnswers.set(server, (bySections = new WeakMap()));
  let byScope = bySections.get(at.sections);
  if (!byScope) bySections.set(at.sections, (byScope = new Map()));
  let byHost = byScope.get(at.scope);
  if (!byHost) byScope.set(at.scope, (byHost = new Map()));
  let answer = byHost.get(at.vhost);
  if (answer === undefined) {
    const chain = server.directivesInEffect("RewriteEngine", at).filter(isOn);
    answer = chain.some((e) => e.active === "yes") ? "yes" : chain.length ? "unknown" : null;
    byHost.set(at.vhost, answer);
  }
  return answer;
}

/**
 * Can `RewriteEngine On` be in effect where this rule is? `yes` when an On that
 * surely applies is in its scope chain (server, virtual host, enclosing
 * sections); `unknown` when one may apply (under an undecidable condition, or
 * in another per-directory section that httpd may merge with this one);
 * `no` when none can.
 */
export function rewriteEngineState(server: ApacheServer, at: ApacheEntry): Tri {
  const inChain = engineInChain(server, at);
  if (inChain) return inChain;
  if (!isPerDirectory(server, at)) return "no";
  // Per-directory configuration merges every section that matches the request.
  const own = at.sections.filter((s) => PER_DIR_SECTIONS.has(s.key));
  // Those the host sees only: asked per RewriteRule.
  for (const e of server.directivesSeenBy("RewriteEngine", at.vhost)) {
    if (!isOn(e)) continue;
    if (e.scope === null || e.scope.key === "virtualhost") continue;
    if (
      mayMerge(
        e.sections.filter((s) => PER_DIR_SECTIONS.has(s.key)),
        own,
      )
    )
      return "unknown";
  }
  return "no";
}

/** Whether two per-directory section chains can apply to one request. */
function mayMerge(other: ApacheSection[], own: ApacheSection[]): boolean {
  if (!other.length || !own.length) return true;
  const outer = (chain: ApacheSection[], keys: string[]) => chain.find((s) => keys.includes(s.key));
  const oDir = outer(other, ["directory", "directorymatch"]);
  const mDir = outer(own, ["directory", "directorymatch"]);
  if (oDir && mDir) {
    const op = directoryPath(oDir);
    const mp = directoryPath(mDir);
    // One must cover the other; regex forms may match anything.
    if (op !== null && mp !== null && !directoryCovers(op, mp) && !directoryCovers(mp, op)) return false;
  }
  const oLoc = outer(other, ["location", "locationmatch"]);
  const mLoc = outer(own, ["location", "locationmatch"]);
  if (oLoc && mLoc) {
    const op = locationPath(oLoc);
    const mp = locationPath(mLoc);
    if (op !== null && mp !== null && !urlsOverlap(op, mp)) return false;
  }
  return true;
}

/**
 * What a regex capture group surely starts with, as literal text, and whether
 * that literal is all the group can match. `(media.*)` -> `media`, not whole;
 * `(static)` -> `static`, whole; `(a|b)` -> ``, not whole.
 */
export function groupLiterals(pattern: string): { prefix: string; whole: boolean }[] {
  const groups: { prefix: string; whole: boolean }[] = [];
  const starts: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (c === "[") i = classEnd(pattern, i);
    else if (c === "(" && pattern[i + 1] !== "?") starts.push(i);
  }
  for (const s of starts) groups.push(literalAt(pattern, s + 1, true));
  return groups;
}

/** The literal text a whole pattern surely matches at its start (after `^`). */
export function patternLiteral(pattern: string): { prefix: string; whole: boolean } {
  if (!pattern.startsWith("^")) return { prefix: "", whole: false };
  return literalAt(pattern, 1, false);
}

function classEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === "^") j++;
  if (p[j] === "]") j++;
  for (; j < p.length; j++) {
    if (p[j] === "\\") j++;
    else if (p[j] === "]") return j;
  }
  return p.length;
}

const META = new Set([".", "[", "]", "(", ")", "*", "+", "?", "{", "}", "|", "^", "$", "\\"]);

function literalAt(p: string, from: number, inGroup: boolean): { prefix: string; whole: boolean } {
  // Alternation at this level, or an optional group, leaves nothing certain.
  let depth = 0;
  let end = p.length;
  for (let i = from; i < p.length; i++) {
    const c = p[i];
    if (c === "\\") i++;
    else if (c === "[") i = classEnd(p, i);
    else if (c === "(") depth++;
    else if (c === ")") {
      if (depth === 0) {
        end = i;
        break;
      }
      depth--;
    } else if (c === "|" && depth === 0) return { prefix: "", whole: false };
  }
  if (inGroup && /^[?*{]/.test(p.slice(end + 1))) return { prefix: "", whole: false };
  let prefix = "";
  let i = from;
  while (i < end) {
    let ch: string;
    let next: number;
    if (p[i] === "\\") {
      const e = p[i + 1];
      if (e === undefined || /[A-Za-z0-9]/.test(e)) return { prefix, whole: false };
      ch = e;
      next = i + 2;
    } else if (META.has(p[i])) {
      // `$` closing the pattern: the literal is all of it.
      if (p[i] === "$" && i + 1 === end && !inGroup) return { prefix, whole: true };
      return { prefix, whole: false };
    } else {
      ch = p[i];
      next = i + 1;
    }
    const q = p[next];
    if (q === "?" || q === "*" || q === "{") return { prefix, whole: false };
    prefix += ch;
    if (q === "+") return { prefix, whole: false };
    i = next;
  }
  return { prefix, whole: inGroup && end < p.length };
}

/**
 * The text a rule's substitution surely starts with, back-references to the
 * pattern's groups resolved as far as their literal start is known;
 * `complete` when the whole result is known. Stops at `%N`, `%{VAR}`,
 * `${map:...}` and the query string.
 */
export function substitutionPrefix(rule: RewriteRuleInfo): { prefix: string; complete: boolean } {
  const s = rule.substitution;
  const groups = rule.negated ? [] : groupLiterals(rule.pattern);
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\" && i + 1 < s.length) {
      out += s[++i];
      continue;
    }
    if (c === "?" || c === "%") return { prefix: out, complete: false };
    if (c === "$") {
      const d = s[i + 1];
      if (d === undefined || !/[0-9]/.test(d)) return { prefix: out, complete: false };
      const lit = d === "0" ? (rule.negated ? { prefix: "", whole: false } : patternLiteral(rule.pattern)) : groups[Number(d) - 1];
      if (!lit) return { prefix: out, complete: false };
      out += lit.prefix;
      if (!lit.whole) return { prefix: out, complete: false };
      i++;
      continue;
    }
    out += c;
  }
  return { prefix: out, complete: true };
}

/** A substitution that leaves the URL alone (`-`) or sends the client elsewhere (an absolute URL). */
export function isPassThroughOrExternal(rule: RewriteRuleInfo): boolean {
  return rule.substitution === "-" || /^[a-z][a-z0-9+.-]*:\/\//i.test(rule.substitution);
}

export function hasFlag(flags: RewriteFlags, ...names: string[]): boolean {
  return names.some((n) => flags.map.has(n));
}

/** The literal names of `RewriteCond %{SERVER_NAME}|%{HTTP_HOST} =name` conditions joined by [OR], or null for any other set. */
export function hostConditionNames(conds: RewriteCondInfo[]): string[] | null {
  if (!conds.length) return null;
  const out: string[] = [];
  for (const [i, c] of conds.entries()) {
    if (!/^%\{(SERVER_NAME|HTTP_HOST)\}$/i.test(c.testString) || !c.condPattern.startsWith("=") || c.condPattern.length < 2) return null;
    if ([...c.flags.map.keys()].some((k) => k !== "ornext" && k !== "or" && k !== "nocase" && k !== "nc")) return null;
    const or = c.flags.map.has("ornext") || c.flags.map.has("or");
    if (i < conds.length - 1 ? !or : or) return null;
    out.push(c.condPattern.slice(1).toLowerCase());
  }
  return out;
}

/** Patterns that match every URL path in server context (where the path always starts with `/`). */
const EVERY_PATH = new Set(["^", "^/", "^/?", ".*", "(.*)", "^.*", "^.*$", "^(.*)", "^(.*)$", "^/.*", "^/.*$", "^/(.*)", "^/(.*)$", "^/?(.*)", "^/?(.*)$"]);

/**
 * Whether a virtual host redirects every request for its names before anything else handles it: its first
 * server-context RewriteRule matches every path and redirects (`[R]`) to an absolute URL, with the engine on,
 * unconditionally or under conditions that hold for each of the host's names: certbot's
 * `RewriteCond %{SERVER_NAME} =name [OR]`... listing them all (UseCanonicalName off), or `%{HTTPS} off`/`!=on` on
 * a host without TLS. Server-context rules run when httpd maps the URL to a handler, before ProxyPass and
 * WSGIScriptAlias (checked with httpd 2.4.62: certbot's redirect in a host that also proxies answers 301 for every
 * path and name it lists). A `Redirect /` does not count: a `ProxyPass /` beside it wins (checked), and the
 * server's rules reach the host only through RewriteOptions, which makes the answer no.
 */
export function redirectsEverything(server: ApacheServer, vhost: ApacheSection, names: readonly string[], tls: Tri): boolean {
  const rule = firstRuleForEveryPath(server, vhost);
  if (!rule || !hasFlag(rule.flags, "redirect") || !/^https?:\/\//i.test(rule.substitution)) return false;
  const first = rule.entry;
  const conds = conditionsOf(server, first);
  if (!conds.length) return true;
  // An exception for ACME's HTTP-01 challenge (`RewriteCond %{REQUEST_URI} !^/\.well-known/acme-challenge/`) leaves
  // certbot's files to be served over HTTP, not Django's pages.
  const acme = (c: RewriteCondInfo) => /^%\{REQUEST_URI\}$/i.test(c.testString) && /^!\^?\/?(\\)?\.well-known\b/i.test(c.condPattern);
  const scheme = conds.filter((c) => !acme(c));
  if (scheme.length && scheme.every((c) => /^%\{HTTPS\}$/i.test(c.testString) && /^(off|!=?on)$/i.test(c.condPattern) && c.flags.map.size === 0))
    return tls === "no";
  if (server.directives("UseCanonicalName").some((e) => !/^off$/i.test(e.node.args[0]?.value ?? ""))) return false;
  const listed = new Set(hostConditionNames(conds) ?? []);
  return names.length > 0 && names.every((n) => listed.has(n.toLowerCase()));
}

/**
 * The host's first server-context RewriteRule when it matches every path and surely runs (the engine on, no
 * RewriteOptions bringing the server's rules in); null otherwise. It decides every request before ProxyPass,
 * Alias and WSGIScriptAlias do (see redirectsEverything).
 */
function firstRuleForEveryPath(server: ApacheServer, vhost: ApacheSection): RewriteRuleInfo | null {
  const inherit = inheritedRules(server, vhost);
  if (inherit === "unknown") return null;
  const serverRules = (v: ApacheSection | null) => server.directivesSeenBy("RewriteRule", vhost).filter((e) => e.vhost === v && !isPerDirectory(server, e));
  const own = serverRules(vhost);
  const rules = inherit === "before" ? [...serverRules(null), ...own] : inherit === "after" ? [...own, ...serverRules(null)] : own;
  const first = rules[0];
  if (!first || first.active !== "yes") return null;
  // The host's engine runs inherited rules too (RewriteEngine is not inherited: the host's own must be on).
  if ((first.vhost === vhost ? rewriteEngineState(server, first) : hostEngineOn(server, vhost)) !== "yes") return null;
  const rule = parseRewriteRule(first);
  return rule && !rule.negated && EVERY_PATH.has(rule.pattern) ? rule : null;
}

/**
 * Whether the main server's rewrite rules run in a virtual host, and where (mod_rewrite's RewriteOptions): `Inherit`
 * in the host after its own rules, `InheritBefore` before them; the main server's `InheritDown`/`InheritDownBefore`
 * the same for every host that does not say `IgnoreInherit`. "unknown" for one inside a condition the linter cannot
 * decide.
 */
function inheritedRules(server: ApacheServer, vhost: ApacheSection): "no" | "after" | "before" | "unknown" {
  let mode: "no" | "after" | "before" | "unknown" = "no";
  const options = (v: ApacheSection | null) =>
    server
      .directivesSeenBy("RewriteOptions", vhost)
      .filter((e) => e.vhost === v && !isPerDirectory(server, e))
      .flatMap((e) => e.node.args.map((a) => ({ option: a.value.toLowerCase(), sure: e.active === "yes" })));
  const main = options(null);
  const own = options(vhost);
  const set = (m: "after" | "before", sure: boolean) => (mode = sure ? m : "unknown");
  for (const o of main) if (o.option === "inheritdown" || o.option === "inheritdownbefore") set(o.option === "inheritdown" ? "after" : "before", o.sure);
  if (own.some((o) => o.option === "ignoreinherit")) mode = "no";
  for (const o of own) if (o.option === "inherit" || o.option === "inheritbefore") set(o.option === "inherit" ? "after" : "before", o.sure);
  return mode;
}

/** The host's own `RewriteEngine` (the last at host level), on. */
function hostEngineOn(server: ApacheServer, vhost: ApacheSection): Tri {
  const own = server.scopeDirectives(vhost, "RewriteEngine");
  const last = own[own.length - 1];
  if (!last) return "no";
  if (last.active !== "yes") return "unknown";
  return isOn(last) ? "yes" : "no";
}

/**
 * The URL every request of the host is proxied to by its first rewrite (`RewriteRule ^/(.*)$ http://127.0.0.1:8000/$1
 * [P,L]`, no condition), which mod_rewrite maps before mod_alias: an `Alias /static/` beside it never applies. Null
 * when the host's rewrites do anything else or under a condition.
 */
export function proxiesEverything(server: ApacheServer, vhost: ApacheSection): { arg: ArgNode; url: string } | null {
  const rule = firstRuleForEveryPath(server, vhost);
  if (!rule || !hasFlag(rule.flags, "proxy") || !/^(https?|wss?):\/\//i.test(rule.substitution) || conditionsOf(server, rule.entry).length) return null;
  return { arg: rule.substitutionArg, url: rule.substitution };
}
