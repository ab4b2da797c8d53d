/**
 * A config's own regular expressions (`location ~`, `<DirectoryMatch>`,
 * `RewriteRule`, `$HTTP["url"] =~`), run against strings that also come from
 * configs (directories, URLs, names). Both sides are the config author's, so
 * a pattern like `^/srv/(a+)+/$` against `/srv/aaaa...a!/` must not hang the
 * linter, as JavaScript's backtracking matcher would (2^n steps: 27 letters
 * took 5 s). A pattern that cannot backtrack much runs as a RegExp: at most one
 * quantifier, on a character, a class or `.`, not on a group, costs at most
 * n^2 steps, and the subject is bounded (longer ones go the other way).
 * Every other pattern runs on RE2's linear-time matcher (re2js, loaded on the
 * first such pattern); one RE2 cannot read either (a backreference, a
 * lookaround) is null, as the callers treat a pattern JavaScript cannot read:
 * unknown, nothing decided on it.
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

/** Subjects longer than this go to the linear matcher even for a simple pattern (n^2 stays small below it). */
const MAX_BACKTRACKING_SUBJECT = 8192;

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
 * At most one quantifier (`*`, `+`, `?`, `{n,m}`), and not on a group: a backtracking matcher then takes
 * O(n^2) steps at worst. Escapes and character classes are read as units; `(?:`, `(?<name>` are not quantifiers.
 */
export function backtracksLittle(src: string): boolean {
  let quantifiers = 0;
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
      prev = "open";
      continue;
    }
    if (c === ")") {
      prev = "group";
      continue;
    }
    if (c === "|") {
      prev = "open";
      continue;
    }
    if (c === "*" || c === "+" || c === "?" || (c === "{" && /^\{\d+(,\d*)?\}/.test(src.slice(i, i + 24)))) {
      if (prev === "quantifier") {
        // A lazy or possessive suffix (`*?`, `++`) belongs to the quantifier before it.
        if (c === "?" || c === "+") continue;
      }
      if (prev === "group" || ++quantifiers > 1) return false;
      if (c === "{") i = src.indexOf("}", i);
      prev = "quantifier";
      continue;
    }
    prev = "atom";
  }
  return true;
}

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
  let js: RegExp | null = null;
  try {
    js = new RegExp(src, flags);
  } catch {
    return null;
  }
  const simple = backtracksLittle(src);
  let linear: ConfigRegex | null | undefined;
  // Compiled on first need: a simple pattern only needs it for a long subject.
  const onRe2 = (): ConfigRegex | null => (linear === undefined ? (linear = re2Regex(src, flags)) : linear);
  if (!simple && onRe2() === null) return null;
  const backtracking = js;
  const pick = (subject: string): RegExp | ConfigRegex | null => (simple && subject.length <= MAX_BACKTRACKING_SUBJECT ? backtracking : onRe2());
  return {
    source: src,
    test: (subject) => pick(subject)?.test(subject) ?? false,
    exec(subject) {
      const r = pick(subject);
      if (r === null) return null;
      return r instanceof RegExp ? ((r.lastIndex = 0), r.exec(subject)) : r.exec(subject);
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
