/**
 * URL prefixes as `<Location>` and `Alias` match them: `<Location "/media">`
 * covers `/media`, `/media/` and everything below; a trailing slash on either
 * side does not change which requests fall under a mount.
 */
import type { ApacheSection } from "../../ast/apache.js";
import { configRegex, type ConfigRegex } from "../../core/config-regex.js";

export function normalizeUrl(u: string): string {
  return u.length > 1 ? u.replace(/\/+$/, "") || "/" : u;
}

/** Whether URL prefix `inner` lies at or under `outer`. */
export function urlUnder(inner: string, outer: string): boolean {
  const i = normalizeUrl(inner);
  const o = normalizeUrl(outer);
  return o === "/" || i === o || i.startsWith(o + "/");
}

export function urlsOverlap(a: string, b: string): boolean {
  return urlUnder(a, b) || urlUnder(b, a);
}

/**
 * A `<Location>`'s literal path, or null for regex forms (`<Location ~ ...>`),
 * `<LocationMatch>` and paths that do not start with `/` (they never match).
 */
export function locationPath(s: ApacheSection): string | null {
  if (s.key !== "location") return null;
  const a = s.args[0]?.value;
  if (!a || a === "~" || s.args.length > 1 || !a.startsWith("/")) return null;
  return a;
}

/** A `<LocationMatch re>` or `<Location ~ re>`'s regular expression, when JavaScript can read it. */
export function locationRegex(s: ApacheSection): ConfigRegex | null {
  let src: string | undefined;
  if (s.key === "locationmatch") src = s.args[0]?.value;
  else if (s.key === "location" && s.args[0]?.value === "~") src = s.args[1]?.value;
  if (!src) return null;
  return configRegex(src.replace(/^\(\?i\)/, ""), src.startsWith("(?i)") ? "i" : "");
}
