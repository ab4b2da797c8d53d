/**
 * httpd's Include wildcards: apr_fnmatch with APR_FNM_PERIOD, so `*`, `?` and
 * `[...]` match within one path segment and never a leading dot.
 */
import path from "node:path";
import { configRegex, type ConfigRegex } from "../core/config-regex.js";

export const hasWildcard = (s: string) => /[*?[]/.test(s);

/**
 * A wildcard pattern as a regular expression, run safely (core/config-regex.ts): several `*` backtrack
 * polynomially on a long name in JavaScript. Never null: what it builds is plain RE2 and JavaScript syntax.
 */
export function fnmatchRegExp(pattern: string): ConfigRegex {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) re += escape(pattern[++i]);
    else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close < 0) re += "\\[";
      else {
        let body = pattern.slice(i + 1, close);
        if (body[0] === "!") body = "^" + body.slice(1);
        re += "[" + body.replace(/\\/g, "\\\\") + "]";
        i = close;
      }
    } else re += escape(c);
  }
  const compiled = configRegex(re + "$") ?? NOTHING;
  // A leading wildcard never matches a leading dot (APR_FNM_PERIOD).
  if (pattern[0] !== "*" && pattern[0] !== "?") return compiled;
  return {
    source: compiled.source,
    test: (name) => !name.startsWith(".") && compiled.test(name),
    exec: (name) => (name.startsWith(".") ? null : compiled.exec(name)),
  };
}

/** A class the regex engines refuse (`[z-a]`): like apr_fnmatch, the pattern then matches nothing. */
const NOTHING: ConfigRegex = { source: "(?!)", test: () => false, exec: () => null };

function escape(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? "\\" + c : c;
}

/**
 * The paths a pattern names, expanded one path segment at a time (wildcards
 * match within a segment); segments without wildcards are taken as written,
 * whether or not they exist. The caller keeps what it can read. At most
 * `limit` paths are kept at each step (a wildcard in every segment, over a whole disk, names
 * millions): `truncated` says some were left out.
 */
export function expandSegments(p: string, list: (dir: string) => string[] | null, limit = Infinity): { paths: string[]; truncated: boolean } {
  const parts = p.split("/").filter((s, i) => s !== "" || i === 0);
  let current = [parts[0] === "" ? "/" : parts[0]];
  let truncated = false;
  for (let i = 1; i < parts.length; i++) {
    const seg = parts[i];
    const next: string[] = [];
    const re = hasWildcard(seg) ? fnmatchRegExp(seg) : null;
    for (const dir of current) {
      if (re) {
        for (const name of list(dir) ?? []) if (re.test(name)) next.push(path.join(dir, name));
      } else next.push(path.join(dir, seg));
      if (next.length > limit) {
        next.length = limit;
        truncated = true;
        break;
      }
    }
    current = next;
    if (!current.length) return { paths: [], truncated };
  }
  return { paths: current, truncated };
}
