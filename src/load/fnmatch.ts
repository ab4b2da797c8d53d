/**
 * httpd's Include wildcards: apr_fnmatch with APR_FNM_PERIOD, so `*`, `?` and
 * `[...]` match within one path segment and never a leading dot.
 */
import path from "node:path";

export const hasWildcard = (s: string) => /[*?[]/.test(s);

export function fnmatchRegExp(pattern: string): RegExp {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) re += escape(pattern[++i]);
    else if (c === "*") re += i === 0 ? "(?!\\.)[^/]*" : "[^/]*";
    else if (c === "?") re += i === 0 ? "(?!\\.)[^/]" : "[^/]";
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
  return new RegExp(re + "$");
}

function escape(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? "\\" + c : c;
}

/**
 * The paths a pattern names, expanded one path segment at a time (wildcards
 * match within a segment); segments without wildcards are taken as written,
 * whether or not they exist. The caller keeps what it can read.
 */
export function expandSegments(p: string, list: (dir: string) => string[] | null): string[] {
  const parts = p.split("/").filter((s, i) => s !== "" || i === 0);
  let current = [parts[0] === "" ? "/" : parts[0]];
  for (const seg of parts.slice(1)) {
    const next: string[] = [];
    for (const dir of current) {
      if (hasWildcard(seg)) {
        const re = fnmatchRegExp(seg);
        for (const name of list(dir) ?? []) if (re.test(name)) next.push(path.join(dir, name));
      } else next.push(path.join(dir, seg));
    }
    current = next;
    if (!current.length) return [];
  }
  return current;
}
