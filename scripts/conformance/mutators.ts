/**
 * Mutants: small, deterministic breakages of a file the server accepts. Each
 * kind lists its candidate spots with a light lexical scan of its own (never
 * the linter's parser), then a PRNG seeded by file and kind picks up to `n`
 * of them. Line numbers are kept where the change allows (a deleted line
 * becomes an empty one), so `line` is where the change is.
 */
import type { Dialect, Mutant, MutantKind } from "./types.js";

export const KINDS: Record<Dialect, MutantKind[]> = {
  apache: ["delete-close-section", "break-quote", "misspell", "move"],
  nginx: ["delete-semicolon", "delete-brace", "break-quote", "misspell", "move"],
  lighttpd: ["delete-brace", "delete-comma", "delete-quote", "misspell", "move"],
};

/** FNV-1a, then mulberry32: the same file and kind always give the same picks. */
export function rng(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  let a = h;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Up to n distinct items, in a seeded order. */
export function pick<T>(items: T[], n: number, seed: string): T[] {
  const r = rng(seed);
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, n);
}

export const lineAt = (text: string, offset: number) => {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
};

/** A misspelling: one inner character dropped (`PythonDebug` -> `PythonDebg`), position chosen by the seed. */
export function misspell(name: string, seed: string): string {
  const i = 1 + Math.floor(rng(seed)() * (name.length - 2));
  return name.slice(0, i) + name.slice(i + 1);
}

// ---------------------------------------------------------------- lexical scans

export interface Tok {
  /** Offset of the character (or of the word's start). */
  at: number;
  ch: string;
  /** Block nesting depth at this point (before the character). */
  depth: number;
}

/** Characters of interest outside comments and quoted strings, for nginx and lighttpd (both `#` comments, `"`/`'` quotes with `\` escapes). */
export function scanBraces(text: string, dialect: "nginx" | "lighttpd") {
  const marks: Tok[] = [];
  /** [open, close] offsets of each quoted string (close = offset of the closing quote). */
  const strings: [number, number][] = [];
  /** nginx: the first word of each statement (after `;`, `{`, `}` or at the start). */
  const words: Tok[] = [];
  let depth = 0;
  let stmtStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const prev = text[i - 1] ?? "\n";
    if (c === "#" && (dialect === "lighttpd" || /[\s;{}]/.test(prev))) {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    if (c === '"' || (c === "'" && dialect === "nginx")) {
      const open = i;
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === "\\") i++;
      if (i >= text.length) break;
      strings.push([open, i]);
      stmtStart = false;
      continue;
    }
    if (dialect === "nginx" && c === "\\") {
      i++;
      continue;
    }
    if (dialect === "nginx" && c === "$" && text[i + 1] === "{") {
      // `${name}`: a variable, not a block.
      while (i < text.length && text[i] !== "}") i++;
      stmtStart = false;
      continue;
    }
    if (c === "{" || c === "}" || c === ";" || (c === "," && dialect === "lighttpd")) {
      if (c === "}") depth--;
      marks.push({ at: i, ch: c, depth });
      if (c === "{") depth++;
      if (c !== ",") stmtStart = true;
      continue;
    }
    if (/\s/.test(c)) continue;
    let j = i;
    while (j < text.length && !/[\s;{}"'#]/.test(text[j])) {
      if (dialect === "nginx" && text[j] === "$" && text[j + 1] === "{") while (j < text.length - 1 && text[j] !== "}") j++;
      j++;
    }
    if (stmtStart && j > i) words.push({ at: i, ch: text.slice(i, j), depth });
    stmtStart = false;
    i = Math.max(i, j - 1);
  }
  return { marks, strings, words };
}

const del = (text: string, at: number, len = 1) => text.slice(0, at) + text.slice(at + len);
/** Blank a span but keep its newlines, so line numbers do not move. */
const blank = (text: string, from: number, to: number) => text.slice(0, from) + text.slice(from, to).replace(/[^\n]/g, " ") + text.slice(to);

// ---------------------------------------------------------------- nginx

function nginxMutants(text: string, kind: MutantKind, n: number, seed: string): Mutant[] {
  const { marks, strings, words } = scanBraces(text, "nginx");
  const mk = (at: number, what: string, t: string): Mutant => ({ kind, line: lineAt(t, at), what, text: t });
  switch (kind) {
    case "delete-semicolon":
      return pick(
        marks.filter((m) => m.ch === ";"),
        n,
        seed,
      ).map((m) => mk(m.at, `deleted ';' at line ${lineAt(text, m.at)}`, del(text, m.at)));
    case "delete-brace":
      return pick(
        marks.filter((m) => m.ch === "}"),
        n,
        seed,
      ).map((m) => mk(m.at, `deleted '}' at line ${lineAt(text, m.at)}`, del(text, m.at)));
    case "break-quote":
      return pick(strings, n, seed).map(([, close]) => mk(close, `deleted the closing quote at line ${lineAt(text, close)}`, del(text, close)));
    case "misspell":
      return pick(
        words.filter((w) => /^[a-z][a-z0-9_]{3,}$/.test(w.ch)),
        n,
        seed,
      ).map((w) => {
        const wrong = misspell(w.ch, `${seed}:${w.at}`);
        return mk(w.at, `'${w.ch}' misspelt '${wrong}' at line ${lineAt(text, w.at)}`, text.slice(0, w.at) + wrong + text.slice(w.at + w.ch.length));
      });
    case "move": {
      // A simple statement (`name args;`, no block) moved, on its own, into another block; lines stay put.
      const stmts: { from: number; to: number; name: string; block: number }[] = [];
      const opens = marks.filter((m) => m.ch === "{");
      for (const w of words) {
        if (!/^[a-z][a-z0-9_]+$/.test(w.ch)) continue;
        const end = marks.find((m) => m.at > w.at);
        if (!end || end.ch !== ";") continue;
        const block = [...opens]
          .reverse()
          .find((o) => o.at < w.at && o.depth === w.depth - 1 && !marks.some((m) => m.ch === "}" && m.depth === o.depth && m.at > o.at && m.at < w.at));
        stmts.push({ from: w.at, to: end.at + 1, name: w.ch, block: block ? block.at : -1 });
      }
      const pairs: [(typeof stmts)[number], Tok][] = [];
      for (const s of stmts) for (const o of opens) if (o.at !== s.block && (o.at < s.from || o.at >= s.to)) pairs.push([s, o]);
      return pick(pairs, n, seed).map(([s, o]) => {
        const stmt = text.slice(s.from, s.to).replace(/\s*\n\s*/g, " ");
        let t = blank(text, s.from, s.to);
        t = t.slice(0, o.at + 1) + ` ${stmt}` + t.slice(o.at + 1);
        return mk(o.at, `'${s.name}' (line ${lineAt(text, s.from)}) moved into the block opened at line ${lineAt(text, o.at)}`, t);
      });
    }
    default:
      return [];
  }
}

// ---------------------------------------------------------------- lighttpd

function lighttpdMutants(text: string, kind: MutantKind, n: number, seed: string): Mutant[] {
  const { marks, strings } = scanBraces(text, "lighttpd");
  const mk = (at: number, what: string, t: string): Mutant => ({ kind, line: lineAt(t, at), what, text: t });
  const lines = text.split("\n");
  const offsets: number[] = [];
  lines.reduce((o, l) => (offsets.push(o), o + l.length + 1), 0);
  const assignment = /^([ \t]*)([a-z][a-z0-9_-]*\.[a-z0-9_.-]+)([ \t]*(?:\+=|:=|=)[ \t]*)(.*)$/i;
  switch (kind) {
    case "delete-brace":
      return pick(
        marks.filter((m) => m.ch === "}"),
        n,
        seed,
      ).map((m) => mk(m.at, `deleted '}' at line ${lineAt(text, m.at)}`, del(text, m.at)));
    case "delete-comma":
      return pick(
        marks.filter((m) => m.ch === ","),
        n,
        seed,
      ).map((m) => mk(m.at, `deleted ',' at line ${lineAt(text, m.at)}`, del(text, m.at)));
    case "delete-quote":
      return pick(strings, n, seed).map(([, close]) => mk(close, `deleted the closing quote at line ${lineAt(text, close)}`, del(text, close)));
    case "misspell": {
      const cands = lines.map((l, i) => [i, assignment.exec(l)] as const).filter(([, m]) => m && !/^(var|env)\./.test(m[2]));
      return pick(cands, n, seed).map(([i, m]) => {
        const [, indent, key] = m as RegExpExecArray;
        const dot = key.indexOf(".");
        const wrong = key.slice(0, dot + 1) + misspell(key.slice(dot + 1), `${seed}:${i}`);
        return mk(
          offsets[i],
          `'${key}' misspelt '${wrong}' at line ${i + 1}`,
          text.slice(0, offsets[i] + indent.length) + wrong + text.slice(offsets[i] + indent.length + key.length),
        );
      });
    }
    case "move": {
      // A global-only server option set inside a conditional, on its own line (lines stay put).
      const depthAt = (off: number) => {
        let d = 0;
        for (const m of marks) if (m.at < off) d = m.ch === "{" ? m.depth + 1 : m.ch === "}" ? m.depth : d;
        return d;
      };
      const cands = lines
        .map((l, i) => [i, assignment.exec(l)] as const)
        .filter(([i, m]) => m && /^server\./.test(m[2]) && !/[({,]\s*$/.test(m[4]) && !/\\$/.test(m[4]) && depthAt(offsets[i]) === 0 && !/#/.test(m[4]));
      return pick(cands, n, seed).map(([i, m]) => {
        const line = (m as RegExpExecArray)[0];
        const t = lines.map((l, j) => (j === i ? `$HTTP["host"] == "conformance.invalid" { ${line.trim()} }` : l)).join("\n");
        return mk(offsets[i], `'${(m as RegExpExecArray)[2]}' (line ${i + 1}) moved into a $HTTP["host"] conditional`, t);
      });
    }
    default:
      return [];
  }
}

// ---------------------------------------------------------------- apache

function apacheMutants(text: string, kind: MutantKind, n: number, seed: string): Mutant[] {
  const lines = text.split("\n");
  // Physical lines that start a directive (not comments, not continuation lines).
  const starts: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (i > 0 && /\\\r?$/.test(lines[i - 1])) continue;
    if (/^\s*(#|$)/.test(lines[i])) continue;
    starts.push(i);
  }
  const setLines = (edit: (ls: string[]) => void) => {
    const ls = [...lines];
    edit(ls);
    return ls.join("\n");
  };
  const mk = (line: number, what: string, t: string): Mutant => ({ kind, line, what, text: t });
  const isCloser = (l: string) => /^\s*<\/[A-Za-z]\w*\s*>\s*$/.test(l);
  const isOpener = (l: string) => /^\s*<[A-Za-z]\w*[\s>]/.test(l);
  const plain = starts.filter((i) => !isCloser(lines[i]) && !isOpener(lines[i]) && !/\\\r?$/.test(lines[i]));
  switch (kind) {
    case "delete-close-section":
      return pick(
        starts.filter((i) => isCloser(lines[i])),
        n,
        seed,
      ).map((i) =>
        mk(
          i + 1,
          `deleted '${lines[i].trim()}' at line ${i + 1}`,
          setLines((ls) => (ls[i] = "")),
        ),
      );
    case "break-quote": {
      // The closing quote of the line's last quoted argument.
      const cands = plain.filter((i) => (lines[i].match(/"/g) ?? []).length >= 2 && !/"\s*#/.test(lines[i]));
      return pick(cands, n, seed).map((i) => {
        const at = lines[i].lastIndexOf('"');
        return mk(
          i + 1,
          `deleted the closing quote at line ${i + 1}`,
          setLines((ls) => (ls[i] = del(ls[i], at))),
        );
      });
    }
    case "misspell": {
      const cands = plain.filter((i) => /^\s*[A-Za-z][A-Za-z0-9_]{3,}(\s|$)/.test(lines[i]));
      return pick(cands, n, seed).map((i) => {
        const m = /^(\s*)([A-Za-z][A-Za-z0-9_]+)/.exec(lines[i]) as RegExpExecArray;
        const wrong = misspell(m[2], `${seed}:${i}`);
        return mk(
          i + 1,
          `'${m[2]}' misspelt '${wrong}' at line ${i + 1}`,
          setLines((ls) => (ls[i] = m[1] + wrong + ls[i].slice(m[0].length))),
        );
      });
    }
    case "move": {
      // A directive moved into a <Directory>/<Location>/<Files> section of the same file, right after its opening line.
      const targets = starts.filter(
        (i) => /^\s*<(Directory|DirectoryMatch|Location|LocationMatch|Files|FilesMatch)[\s>]/i.test(lines[i]) && !/\\\r?$/.test(lines[i]),
      );
      const pairs: [number, number][] = [];
      for (const d of plain) if (/^\s*[A-Za-z]/.test(lines[d])) for (const t of targets) if (t !== d - 1) pairs.push([d, t]);
      return pick(pairs, n, seed).map(([d, t]) => {
        const moved = lines[d].trim();
        const ls = [...lines];
        ls[d] = "";
        ls.splice(t + 1, 0, moved);
        const name = moved.split(/\s/)[0];
        return mk(t + 2, `'${name}' (line ${d + 1}) moved into '${lines[t].trim()}' (line ${t + 1})`, ls.join("\n"));
      });
    }
    default:
      return [];
  }
}

/** Each dialect's mutator (a registered dialect without one is a type error here). */
const MUTATORS: Record<Dialect, (text: string, kind: MutantKind, n: number, seed: string) => Mutant[]> = {
  apache: apacheMutants,
  nginx: nginxMutants,
  lighttpd: lighttpdMutants,
};

/** Up to `n` mutants of each applicable kind, deterministic for a given file name and text. */
export function mutants(dialect: Dialect, rel: string, text: string, n: number): Mutant[] {
  const out: Mutant[] = [];
  for (const kind of KINDS[dialect]) {
    const seed = `${rel}\0${kind}`;
    const made = MUTATORS[dialect](text, kind, n, seed);
    out.push(...made.filter((m) => m.text !== text));
  }
  return out;
}
