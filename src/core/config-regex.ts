/**
 * A config's own regular expressions (`location ~`, `<DirectoryMatch>`,
 * `RewriteRule`, `$HTTP["url"] =~`), run against strings that also come from
 * configs (directories, URLs, names). Both sides are the config author's, so
 * a pattern like `^/srv/(a+)+/$` against `/srv/aaaa...a!/` must not hang the
 * linter, as JavaScript's backtracking matcher would (2^n steps: 27 letters
 * took 5 s; `<Files>` wildcards with many `*` are polynomial). Each pattern's
 * shape bounds what backtracking may try on a subject of a given length
 * (backtrackingShape); within a budget it runs as a RegExp (nearly every
 * real pattern on the short paths and names configs hold), beyond it, and
 * always for a repeated group (`(a+)+`, `(?:/[^/]+)*`), on RE2's linear-time
 * matcher (re2js, a bundle of its own loaded on first need). A repeated-group
 * pattern RE2 cannot read (a backreference, a lookaround) is null, as the
 * callers treat a pattern JavaScript cannot read: unknown, nothing decided
 * on it.
 */
import { createRequire } from "node:module";
import type { RE2JS as RE2JSType } from "re2js";

/** The part of a RegExp the rules use. */
export interface ConfigRegex {
  readonly source: string;
  test(subject: string): boolean;
  /** The match and its groups (undefined for a group that did not take part), or null. */
  exec(subject: string): (string | undefined)[] | null;
}

let re2: typeof RE2JSType | undefined;
function loadRe2(): typeof RE2JSType {
  if (re2) return re2;
  let mod: { RE2JS: typeof RE2JSType };
  try {
    // In the CommonJS bundle esbuild resolves this literal call (a chunk of its own, initialised here).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load the bundler must see as require()
    mod = require("re2js");
  } catch {
    // ESM has no `require` (the tests), and esbuild's ESM output stubs it.
    mod = createRequire(import.meta.url)("re2js");
  }
  return (re2 = mod.RE2JS);
}

/** Whether this process has loaded the linear matcher (tests check that simple patterns do not). */
export const linearMatcherLoaded = (): boolean => re2 !== undefined;

/**
 * How much a backtracking matcher may try on a pattern, from its shape: `nested` when a repeating quantifier
 * (`*`, `+`, `{n,m}` with m > 1) applies to a group (`(a+)+`, `(a|aa)*`: exponential in the subject's length);
 * otherwise `unbounded`, the number of `*`, `+` and `{n,}`, each of which may stop at any of the subject's n + 1
 * positions, and `branching`, the product of the choices the rest offers (each `?`, `{n,m}` on a character, each
 * alternation): at most (n + 1)^(unbounded + 1) x branching ways to try, each at most n + pattern-length steps.
 * Escapes and character classes are read as units; `(?:`, `(?<name>`, `(?=` open groups.
 */
export interface BacktrackingShape {
  nested: boolean;
  unbounded: number;
  branching: number;
}

export function backtrackingShape(src: string): BacktrackingShape {
  let unbounded = 0;
  let branching = 1;
  /** The alternatives of each open group (and of the whole pattern, first). */
  const alternatives = [1];
  // What the last token was: a group's end, an atom, a quantifier, or nothing to quantify (`(`, `|`, the start).
  let prev: "group" | "atom" | "quantifier" | "open" = "open";
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") {
      i++;
      prev = "atom";
      continue;
    }
    if (c === "[") {
      // A class: up to its closing bracket (a `]` first in it, or escaped, is literal).
      let j = i + 1;
      if (src[j] === "^") j++;
      if (src[j] === "]") j++;
      while (j < src.length && src[j] !== "]") j += src[j] === "\\" ? 2 : 1;
      i = j;
      prev = "atom";
      continue;
    }
    if (c === "(") {
      if (src[i + 1] === "?") i++; // `(?:`, `(?<name>`, `(?i)`: not a quantifier
      alternatives.push(1);
      prev = "open";
      continue;
    }
    if (c === ")") {
      branching *= alternatives.length > 1 ? (alternatives.pop() as number) : 1;
      prev = "group";
      continue;
    }
    if (c === "|") {
      alternatives[alternatives.length - 1]++;
      prev = "open";
      continue;
    }
    const counted = c === "{" ? /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i, i + 24)) : null;
    if (c === "*" || c === "+" || c === "?" || counted) {
      // A lazy or possessive suffix (`*?`, `++`) belongs to the quantifier before it.
      if (prev === "quantifier" && (c === "?" || c === "+")) continue;
      const min = counted ? Number(counted[1]) : c === "+" ? 1 : 0;
      const max = counted ? (counted[2] === undefined ? min : counted[3] === "" ? Infinity : Number(counted[3])) : c === "?" ? 1 : Infinity;
      if (prev === "group" && max > 1) return { nested: true, unbounded, branching };
      if (max === Infinity) unbounded++;
      else branching *= max - min + 1;
      if (counted) i += counted[0].length - 1;
      prev = "quantifier";
      continue;
    }
    prev = "atom";
  }
  branching *= alternatives[0];
  return { nested: false, unbounded, branching };
}

/** Steps a backtracking matcher may take on a subject of length n, at most. */
export function backtrackingBound(shape: BacktrackingShape, n: number, patternLength: number): number {
  return shape.nested ? Infinity : (n + 1) ** (shape.unbounded + 1) * shape.branching * (n + patternLength);
}

/** Above this many steps (well under a second), a subject goes to the linear matcher. */
const STEP_BUDGET = 2e7;

const cache = new Map<string, ConfigRegex | null>();

/**
 * A config's pattern, in JavaScript's syntax (the dialects translate PCRE first), with RegExp flags (`i`,
 * `m`, `s`); null when it cannot be run without risk or cannot be read.
 */
export function configRegex(src: string, flags = ""): ConfigRegex | null {
  const key = `${flags}/${src}`;
  let re = cache.get(key);
  if (re === undefined) {
    re = compile(src, flags);
    cache.set(key, re);
  }
  return re;
}

function compile(src: string, flags: string): ConfigRegex | null {
  let backtracking: RegExp;
  try {
    backtracking = new RegExp(src, flags);
  } catch {
    return null;
  }
  const shape = backtrackingShape(src);
  let linear: ConfigRegex | null | undefined;
  // Compiled on first need: most patterns never need it for the subjects configs hold.
  const onRe2 = (): ConfigRegex | null => (linear === undefined ? (linear = re2Regex(src, flags)) : linear);
  if (shape.nested && onRe2() === null) return null;
  const pick = (subject: string): RegExp | ConfigRegex | null => {
    if (backtrackingBound(shape, subject.length, src.length) <= STEP_BUDGET) return backtracking;
    // What RE2 cannot read (a lookaround, a backreference) runs as written while it stays bounded: else unknown.
    return onRe2() ?? (backtrackingBound(shape, subject.length, src.length) <= STEP_BUDGET * 50 ? backtracking : null);
  };
  return {
    source: src,
    test: (subject) => pick(subject)?.test(subject) ?? false,
    exec(subject) {
      const r = pick(subject);
      if (r === null) return null;
      if (!(r instanceof RegExp)) return r.exec(subject);
      r.lastIndex = 0;
      const m = r.exec(subject);
      return m ? [...m] : null;
    },
  };
}

function re2Regex(src: string, flags: string): ConfigRegex | null {
  const RE2JS = loadRe2();
  let p: RE2JSType;
  try {
    p = RE2JS.compile(
      src,
      (flags.includes("i") ? RE2JS.CASE_INSENSITIVE : 0) | (flags.includes("m") ? RE2JS.MULTILINE : 0) | (flags.includes("s") ? RE2JS.DOTALL : 0),
    );
  } catch {
    return null;
  }
  return {
    source: src,
    test: (subject) => p.matcher(subject).find(),
    exec(subject) {
      const m = p.matcher(subject);
      if (!m.find()) return null;
      const out: (string | undefined)[] = [];
      for (let g = 0; g <= m.groupCount(); g++) out.push(m.group(g) ?? undefined);
      return out;
    },
  };
}
