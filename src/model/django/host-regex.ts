/**
 * The host names a server-name regex matches, when they are few and can be
 * listed: `^(www\.)?example\.com$` is `example.com` and `www.example.com`.
 * Anchored at both ends, built from letters, digits, `-`, escaped `.`/`-`,
 * groups (`(...)`, `(?:...)`, named) with `|`, and `?`. Anything that can
 * match open-ended input (`.`, classes, `*`, `+`, `{n,m}`, no anchors) is
 * not decidable: null, and the rules that compare names stay silent.
 */

/** More names than this is not a site's list of aliases: not expanded. */
const LIMIT = 32;

export function finiteHostNames(regex: string): string[] | null {
  const src = regex.replace(/^\(\?i\)/, "");
  if (!src.startsWith("^") || !src.endsWith("$") || src.endsWith("\\$")) return null;
  const body = src.slice(1, -1);
  let i = 0;
  const group = (): string[] | null => {
    const out: string[] = [];
    for (;;) {
      const s = sequence();
      if (!s) return null;
      out.push(...s);
      if (out.length > LIMIT) return null;
      if (body[i] !== "|") return out;
      i++;
    }
  };
  const atom = (): string[] | null => {
    const c = body[i];
    if (c === "(") {
      i++;
      const named = /^\?P?<[A-Za-z_]\w*>|^\?:/.exec(body.slice(i));
      if (named) i += named[0].length;
      else if (body[i] === "?") return null; // lookarounds and flags
      const inner = group();
      if (!inner || body[i] !== ")") return null;
      i++;
      return inner;
    }
    if (c === "\\") {
      const n = body[i + 1];
      if (n !== "." && n !== "-") return null;
      i += 2;
      return [n];
    }
    if (c !== undefined && /[A-Za-z0-9-]/.test(c)) {
      i++;
      return [c];
    }
    return null;
  };
  const sequence = (): string[] | null => {
    let acc = [""];
    while (i < body.length && body[i] !== "|" && body[i] !== ")") {
      let a = atom();
      if (!a) return null;
      if (body[i] === "?") {
        a = [...a, ""];
        i++;
      }
      if (/[*+{?]/.test(body[i] ?? "")) return null;
      const parts = a;
      acc = acc.flatMap((x) => parts.map((y) => x + y));
      if (acc.length > LIMIT) return null;
    }
    return acc;
  };
  const names = group();
  if (!names || i !== body.length) return null;
  return [...new Set(names.map((n) => n.toLowerCase()))].filter((n) => n !== "");
}
