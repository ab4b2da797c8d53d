/**
 * mod_rewrite's rules tried on sample URLs: a pattern is a PCRE regex matched
 * against the request URI; the target's `$0`-`$9` are the pattern's captures
 * and `%0`-`%9` the enclosing condition's (which the linter cannot know).
 * Patterns JavaScript cannot compile (inline flags, possessive quantifiers...)
 * give `null`: unknown, never a guess.
 */
import { configRegex, type ConfigRegex } from "../../core/config-regex.js";

export const compile = (pattern: string): ConfigRegex | null => configRegex(pattern);

/** What a rule makes of `url`: null when the pattern does not match, undefined when it cannot be known. */
export function applyRewrite(pattern: string, target: string | null, url: string): string | null | undefined {
  const re = compile(pattern);
  if (!re) return undefined;
  const m = re.exec(url);
  if (!m) return null;
  if (target === null || /%\d/.test(target)) return undefined;
  return target.replace(/\$(\d)/g, (_, d: string) => m[Number(d)] ?? "");
}

/** URLs a catch-all pattern must match: the site root, static-looking files, app paths. */
const SAMPLES = ["/", "/index.html", "/media/css/base.css", "/static/js/app.js", "/admin/", "/accounts/login/", "/favicon.ico"];

/** Whether a pattern matches every URL (`^(/.*)$`, `^/(.*)$`, `.*`): null when it cannot be compiled. */
export function isCatchAll(pattern: string): boolean | null {
  const re = compile(pattern);
  if (!re) return null;
  return SAMPLES.every((u) => re.test(u));
}
