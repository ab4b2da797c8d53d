/**
 * httpd's Include wildcards: apr_fnmatch with APR_FNM_PERIOD, so `*`, `?` and
 * `[...]` match within one path segment and never a leading dot.
 */
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
