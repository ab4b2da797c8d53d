/**
 * nginx regular expressions (PCRE) as far as the rules need them: run one in
 * JavaScript (`location ~ ...` against a URI), find a capture group, and tell
 * whether a group can match a newline. nginx compiles without PCRE_DOTALL
 * and with LF as the newline, so `.` never matches `\n`; `\s`, `\D`, `\W`,
 * a negated class and `(?s).` do.
 */
import { own } from "../../core/own.js";
import { configRegex, type ConfigRegex } from "../../core/config-regex.js";

const compiled = new Map<string, ConfigRegex | null>();

/**
 * A PCRE pattern in JavaScript's syntax, run safely (config-regex.ts), or null when it uses what JavaScript
 * cannot express the same way (possessive quantifiers, atomic groups, `\Q`,
 * recursion, `(?x)`): the caller then does not know whether it matches.
 */
export function pcreToJs(pattern: string, caseless: boolean): ConfigRegex | null {
  const key = `${caseless ? "i" : "-"}${pattern}`;
  if (compiled.has(key)) return compiled.get(key) as ConfigRegex | null;
  const re = convert(pattern, caseless);
  compiled.set(key, re);
  return re;
}

const POSIX: Record<string, string> = {
  alpha: "a-zA-Z",
  digit: "0-9",
  alnum: "a-zA-Z0-9",
  upper: "A-Z",
  lower: "a-z",
  space: "\\s",
  xdigit: "0-9A-Fa-f",
  word: "\\w",
  punct: "!-\\/:-@\\[-`{-~",
  blank: " \\t",
  cntrl: "\\x00-\\x1f\\x7f",
  print: "\\x20-\\x7e",
  graph: "\\x21-\\x7e",
};

function convert(pattern: string, caseless: boolean): ConfigRegex | null {
  let flags = caseless ? "i" : "";
  let src = pattern;
  // Leading inline options apply to the whole pattern.
  const lead = /^\(\?([imsx]+)\)/.exec(src);
  if (lead) {
    if (lead[1].includes("x")) return null;
    for (const f of lead[1]) if (!flags.includes(f)) flags += f;
    src = src.slice(lead[0].length);
  }
  // Possessive quantifiers, atomic groups, \Q..\E, \K, \G, recursion, mid-pattern options: no JavaScript equivalent.
  if (/\(\?>|[*+?}]\+|\\[QEKGXCR]|\(\?[0-9R&+-]|\(\?P>|\(\?\||\(\?[imsx-]+[):]/.test(src)) return null;
  src = src
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, "(?<$1>")
    .replace(/\(\?'([A-Za-z_]\w*)'/g, "(?<$1>")
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, "\\k<$1>")
    .replace(/\\A/g, "^")
    .replace(/\\z/g, "$")
    .replace(/\\Z/g, "$")
    .replace(/\\h/g, "[ \\t]")
    .replace(/\\H/g, "[^ \\t]")
    .replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, name: string) => (own(POSIX, name) !== undefined && !neg ? POSIX[name] : m));
  if (/\[:\^?[a-z]+:\]/.test(src)) return null;
  return configRegex(src, flags);
}

/** One capture group of a pattern: its number, its name if any, and its text (between the parentheses). */
export interface CaptureGroup {
  index: number;
  name: string | null;
  text: string;
}

/** The capture groups of a PCRE pattern, numbered as PCRE numbers them (named groups count too). */
export function captureGroups(pattern: string): CaptureGroup[] {
  const groups: CaptureGroup[] = [];
  const open: { start: number; group: CaptureGroup | null }[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      // `[]...]` and `[^]...]`: a `]` first is literal.
      if (pattern[i + 1] === "^") i++;
      if (pattern[i + 1] === "]") i++;
      continue;
    }
    if (c === "(") {
      const rest = pattern.slice(i + 1);
      const named = /^\?(?:P?<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/.exec(rest);
      let group: CaptureGroup | null = null;
      let bodyStart = i + 1;
      if (named) {
        group = { index: groups.length + 1, name: named[1] ?? named[2], text: "" };
        bodyStart = i + 1 + named[0].length;
      } else if (rest[0] !== "?" && rest[0] !== "*") group = { index: groups.length + 1, name: null, text: "" };
      if (group) groups.push(group);
      open.push({ start: bodyStart, group });
      continue;
    }
    if (c === ")") {
      const o = open.pop();
      if (o?.group) o.group.text = pattern.slice(o.start, i);
    }
  }
  return groups;
}

/** Control-character escapes that stand for LF: `\n`, `\x0a`, `\x{a}`, `\012`, `\cJ`. */
const LF_ESCAPE = /^(n|x0?[aA](?![0-9a-fA-F])|x\{0*[aA]\}|0?12(?![0-7])|cJ)/;
/** Escapes of classes that contain LF: whitespace, vertical space, non-digits, non-word, non-horizontal-space. */
const LF_CLASS = /^[sDWvRH]/;

/** Whether a bracket class's body (between `[` and `]`, negation removed) contains LF. */
function classHasNewline(body: string): boolean {
  if (/\[:space:\]|\[:cntrl:\]/.test(body)) return true;
  for (let i = 0; i < body.length; i++) {
    let lo: number;
    if (body[i] === "\\") {
      const rest = body.slice(i + 1);
      if (LF_CLASS.test(rest) || LF_ESCAPE.test(rest)) return true;
      const hex = /^x([0-9a-fA-F]{1,2})|^x\{([0-9a-fA-F]+)\}/.exec(rest);
      if (hex) {
        lo = parseInt(hex[1] ?? hex[2], 16);
        i += hex[0].length;
      } else {
        i++;
        lo = body.charCodeAt(i);
      }
    } else lo = body.charCodeAt(i);
    // A range lo-hi that spans LF (0x0a), e.g. \x00-\x1f.
    if (body[i + 1] === "-" && i + 2 < body.length) {
      let hi: number;
      let j = i + 2;
      if (body[j] === "\\") {
        const hex = /^x([0-9a-fA-F]{1,2})|^x\{([0-9a-fA-F]+)\}/.exec(body.slice(j + 1));
        if (hex) {
          hi = parseInt(hex[1] ?? hex[2], 16);
          j += hex[0].length;
        } else {
          j++;
          hi = body.charCodeAt(j);
        }
      } else hi = body.charCodeAt(j);
      if (lo <= 10 && hi >= 10) return true;
      i = j;
    }
  }
  return false;
}

/**
 * Whether some string that this (part of a) pattern matches can contain a
 * newline: an atom in it matches LF. Lookarounds consume nothing and are
 * skipped. `dotAll` is the `(?s)` state at the start.
 */
export function admitsNewline(text: string, dotAll = false): boolean {
  let dot = dotAll;
  let lookDepth = 0;
  const stack: boolean[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      const rest = text.slice(i + 1);
      if (lookDepth === 0 && (LF_CLASS.test(rest) || LF_ESCAPE.test(rest))) return true;
      i++;
      continue;
    }
    if (c === "[") {
      let j = i + 1;
      const negated = text[j] === "^";
      if (negated) j++;
      if (text[j] === "]") j++;
      while (j < text.length && text[j] !== "]") {
        if (text[j] === "\\") j++;
        else if (text[j] === "[" && text[j + 1] === ":") {
          const end = text.indexOf(":]", j + 2);
          if (end > 0) j = end + 1;
        }
        j++;
      }
      const body = text.slice(i + 1 + (negated ? 1 : 0), j);
      if (lookDepth === 0 && negated !== classHasNewline(body)) return true;
      i = j;
      continue;
    }
    if (c === "(") {
      const look = /^\?<?[=!]/.test(text.slice(i + 1));
      const flag = /^\?([a-z]*)(?:-([a-z]*))?\)/.exec(text.slice(i + 1));
      if (flag) {
        if (flag[1].includes("s")) dot = true;
        if (flag[2]?.includes("s")) dot = false;
        i += flag[0].length;
        continue;
      }
      stack.push(look);
      if (look) lookDepth++;
      continue;
    }
    if (c === ")") {
      if (stack.pop()) lookDepth--;
      continue;
    }
    if (c === "." && dot && lookDepth === 0) return true;
  }
  return false;
}

/** One atom without a quantifier: a bracket class, an escape, or a character. */
const SINGLE_ATOM = /^(\[\^?\]?(?:\\.|[^\]\\])*\]|\\.|[^\\()[\]|*+?{])$/;

/**
 * Whether capture group `ref` (a number or a name) of `pattern` can hold a
 * newline together with other text (a group of one character cannot carry a
 * header line); null when the pattern has no such group.
 */
export function groupAdmitsNewline(pattern: string, ref: number | string): boolean | null {
  const groups = captureGroups(pattern);
  const g = typeof ref === "number" ? groups.find((x) => x.index === ref) : groups.find((x) => x.name === ref);
  if (!g) return null;
  // One character (`([^.])`): at most a lone line feed, never a line of the client's text.
  if (SINGLE_ATOM.test(g.text)) return false;
  // `(?s)` before the group turns dot-all on for it.
  const before = pattern.slice(0, pattern.indexOf(g.text));
  return admitsNewline(g.text, /\(\?[a-z]*s[a-z]*\)/.test(before));
}

/** Whether capture group `ref` can only be one of a few literal words (`(a|b)`, `(https?)`): the client picks among them, nothing else. */
export function groupIsFixedChoice(pattern: string, ref: number | string): boolean {
  const groups = captureGroups(pattern);
  const g = typeof ref === "number" ? groups.find((x) => x.index === ref) : groups.find((x) => x.name === ref);
  // Alternatives of literal characters, each optionally made optional (`https?`).
  return g !== undefined && /^(?:(?:[A-Za-z0-9_-]|\\\.)\??)+(?:\|(?:(?:[A-Za-z0-9_-]|\\\.)\??)+)*$/.test(g.text);
}
