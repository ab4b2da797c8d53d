/**
 * A template as the configuration the grammars read: a text of the same
 * length, line for line, so that every position, syntax error and fix stays
 * the template's own.
 *
 * - an expression becomes a placeholder (./placeholder.ts) of its length: one
 *   word, inside a quoted string when it was in one; its line breaks stay
 *   (in a dialect with line continuations, Apache's, a `\` before each keeps
 *   the word whole). In a dialect whose statements end with a character
 *   (nginx's `;`), an expression alone on its line between statements stands
 *   for statements and gets the character that ends one;
 * - a control tag (`{% if %}`, `{% for %}`, `<% end %>`...) becomes blanks,
 *   but for Jinja's `{% include %}`, which outputs another template's text
 *   that the linter does not read: it is an expression, a place that may
 *   hold any directive;
 *   of a conditional with several branches (`{% if %}...{% else %}...`),
 *   one is read per `variant`: variant 0 reads every first branch, variant
 *   1 every second one (or the last, where there are fewer)... The engine
 *   lints each variant and keeps what any of them finds: every branch is
 *   read, and never beside a branch that excludes it (`{% if v == "2.2" %}
 *   Order allow,deny {% else %} Require all granted {% endif %}` is not a
 *   mix of both, and `{% if ssl %}<VirtualHost *:443>{% else %}<VirtualHost
 *   *:80>{% endif %}` opens one section);
 * - a comment alone on its line becomes a configuration comment (so a
 *   suppression comment may be written as a template comment); any other
 *   becomes blanks, as does the body of a macro or `{% set %}` block (it
 *   is not output where it is written).
 */
import { placeholderFor } from "./placeholder.js";
import { scanTemplate, type Tag, type TemplateKind } from "./scan.js";

export interface TemplateSpan {
  start: number;
  end: number;
  kind: Tag["kind"];
}

export interface MappedTemplate {
  text: string;
  /** Every tag, in text order: text the server never reads as written. */
  spans: TemplateSpan[];
  /** Tags the template engine would refuse (never closed), with why. */
  problems: { start: number; end: number; message: string }[];
  /** How many variants the template has: the most branches of one conditional (1 when none has several). */
  variants: number;
}

/** What of a dialect's syntax the mapping needs (each dialect's file format says it: `FileFormat.templates`). */
export interface TemplateSyntax {
  /** What joins a line to the next (Apache's `\`): an expression's line breaks get it, so its placeholder stays one word. */
  continuation?: string;
  /**
   * What ends a statement in a language of `{}` blocks and `#` comments
   * (nginx's `;`): an expression alone on its line between statements stands
   * for statements and gets it.
   */
  statementEnd?: string;
}

const blank = (s: string) => s.replace(/[^\r\n]/g, " ");

export function mapTemplate(text: string, kind: TemplateKind, syntax: TemplateSyntax, variant = 0): MappedTemplate {
  const tags = scanTemplate(text, kind);
  const out = text.split("");
  const put = (start: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[start + i] = s[i];
  };
  const problems: MappedTemplate["problems"] = [];
  for (const t of tags) {
    const whole = text.slice(t.start, t.end);
    if (!t.closed) problems.push({ start: t.start, end: t.start + (kind === "jinja" ? 2 : 2), message: unclosedMessage(kind, t) });
    if (outputs(t)) put(t.start, expression(whole, syntax.continuation));
    else if (t.kind === "comment" && t.closed && aloneOnLine(text, t) && !whole.includes("\n")) put(t.start, asComment(text, t));
    else put(t.start, blank(whole));
  }
  for (const region of silentBodies(tags, kind)) put(region.start, blank(text.slice(region.start, region.end)));
  let variants = 1;
  // Branches not read in this variant become blanks; nested branches overlap, so they are marked first and blanked in one pass.
  const skip = new Int32Array(text.length + 1);
  let skipping = false;
  for (const chain of conditionalChains(tags, kind)) {
    variants = Math.max(variants, chain.length);
    const keep = Math.min(variant, chain.length - 1);
    chain.forEach((b, i) => {
      if (i === keep || b.start >= b.end) return;
      skip[b.start]++;
      skip[b.end]--;
      skipping = true;
    });
  }
  if (skipping) {
    for (let k = 0, depth = 0; k < text.length; k++) {
      depth += skip[k];
      if (depth > 0 && out[k] !== "\n" && out[k] !== "\r") out[k] = " ";
    }
  }
  let mapped = out.join("");
  if (syntax.statementEnd) mapped = endStatements(mapped, tags, syntax.statementEnd);
  return { text: mapped, spans: tags.map((t) => ({ start: t.start, end: t.end, kind: t.kind })), problems, variants };
}

/**
 * Tags that put text where they stand: expressions, and Jinja's `{% include %}`, whose template's text the linter
 * does not read (like an include it cannot follow, a place where any directive may be).
 */
const outputs = (t: Tag): boolean => t.kind === "expr" || (t.kind === "stmt" && /^include\b/.test(t.code));

function unclosedMessage(kind: TemplateKind, t: Tag): string {
  if (kind === "jinja") {
    const pair = t.kind === "expr" ? ["{{", "}}"] : t.kind === "stmt" ? ["{%", "%}"] : ["{#", "#}"];
    return `'${pair[0]}' is never closed with '${pair[1]}': Jinja2 refuses the template`;
  }
  return "'<%' is never closed with '%>': the template engine refuses the template";
}

/** The placeholder of an expression; its line breaks stay (joined with the dialect's line continuation, if it has one). */
function expression(whole: string, continuation: string | undefined): string {
  const ph = placeholderFor(whole, whole.length).split("");
  for (let i = 0; i < whole.length; i++) {
    const c = whole[i];
    if (c !== "\n" && c !== "\r") continue;
    ph[i] = c;
    if (c === "\n" && continuation) {
      const before = whole[i - 1] === "\r" ? i - 2 : i - 1;
      if (before > 0) ph[before] = continuation;
    }
  }
  return ph.join("");
}

function aloneOnLine(text: string, t: { start: number; end: number }): boolean {
  const ls = text.lastIndexOf("\n", t.start - 1) + 1;
  let le = text.indexOf("\n", t.end);
  if (le < 0) le = text.length;
  return text.slice(ls, t.start).trim() === "" && text.slice(t.end, le).trim() === "";
}

/** `{# text #}` -> ` # text   `: a configuration comment with the same text. */
function asComment(text: string, t: Tag): string {
  const whole = blank(text.slice(t.start, t.end)).split("");
  const hash = t.codeStart - t.start - 1;
  whole[Math.max(hash, 0)] = "#";
  for (let i = t.codeStart; i < t.codeEnd; i++) whole[i - t.start] = text[i];
  return whole.join("");
}

/**
 * An expression alone on its line, after a statement ended (or at the start),
 * that no `end` (nginx's `;`) or `{` follows stands for whole statements: its
 * last character becomes the `end` that ends one.
 */
function endStatements(text: string, tags: Tag[], end: string): string {
  const ends: number[] = [];
  const ended = new Set<number>();
  for (const t of tags) {
    // (An expression in a branch this variant does not read is blanks by now.)
    if (!outputs(t) || !t.closed || text[t.start] === " " || !aloneOnLine(text, t) || text.slice(t.start, t.end).includes("\n")) continue;
    const before = lastSignificant(text, t.start, ended, end);
    if (before !== null && before !== end && before !== "{" && before !== "}") continue;
    const after = nextSignificant(text, t.end);
    if (after === end || after === "{") continue;
    ends.push(t.end - 1);
    ended.add(t.end - 1);
  }
  if (!ends.length) return text;
  const out = text.split("");
  for (const i of ends) out[i] = end;
  return out.join("");
}

/** The last character before `at` that is not a blank or inside a `#` comment (null at the start); `ended` positions read as `endMark`. */
function lastSignificant(text: string, at: number, ended: Set<number>, endMark: string): string | null {
  let end = at;
  while (end > 0) {
    const ls = text.lastIndexOf("\n", end - 1) + 1;
    const line = text
      .slice(ls, end)
      .replace(/(^|\s)#.*$/, "$1")
      .trimEnd();
    if (line) return ended.has(ls + line.length - 1) ? endMark : line[line.length - 1];
    end = ls - 1;
  }
  return null;
}

/** The first character from `at` on that is not a blank or inside a `#` comment (null at the end). */
function nextSignificant(text: string, at: number): string | null {
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === "#") {
      const nl = text.indexOf("\n", i);
      if (nl < 0) return null;
      i = nl;
    } else if (!/\s/.test(c)) return c;
  }
  return null;
}

interface Opened {
  tag: Tag;
  word: string;
  /** The tags of an if/elif/else chain, opener first (closer last once closed). */
  chain: Tag[];
}

const JINJA_OPENERS = new Set(["if", "for", "macro", "call", "filter", "block", "with", "autoescape", "trans", "set"]);

/** What a statement tag does to the nesting: open (with the chain word), continue a chain, close, or nothing. */
function classify(t: Tag, kind: TemplateKind): { op: "open" | "middle" | "close" | null; word: string } {
  const code = t.code;
  if (kind === "jinja") {
    const word = /^\w+/.exec(code)?.[0] ?? "";
    if (word === "set") return { op: code.includes("=") ? null : "open", word };
    if (JINJA_OPENERS.has(word)) return { op: "open", word };
    if (word === "elif" || word === "else") return { op: "middle", word };
    if (word.startsWith("end") && JINJA_OPENERS.has(word.slice(3))) return { op: "close", word: word.slice(3) };
    return { op: null, word };
  }
  // Ruby (ERB) and Puppet (EPP).
  if (/^end\b/.test(code) || /^\}\s*$/.test(code)) return { op: "close", word: "" };
  if (/^(\}\s*)?(elsif|else|when)\b/.test(code)) return { op: "middle", word: "if" };
  const word = /^(if|unless|case)\b/.exec(code)?.[1];
  if (word) return { op: "open", word: "if" };
  if (/^(while|until|begin|for)\b/.test(code) || /\bdo(\s*\|[^|]*\|)?$/.test(code) || /\{\s*$/.test(code)) return { op: "open", word: "loop" };
  return { op: null, word: "" };
}

/** The statement tags by nesting: each closed opener with its chain. */
function structure(tags: Tag[], kind: TemplateKind): Opened[] {
  const stack: Opened[] = [];
  const done: Opened[] = [];
  // How many openers of each word the stack holds: a close with none open is skipped without a scan.
  const openCount = new Map<string, number>();
  const count = (w: string, d: number) => openCount.set(w, (openCount.get(w) ?? 0) + d);
  for (const t of tags) {
    if (t.kind !== "stmt" || !t.closed) continue;
    const { op, word } = classify(t, kind);
    if (op === "open") {
      stack.push({ tag: t, word, chain: [t] });
      count(word, 1);
    } else if (op === "middle" && stack.length) stack[stack.length - 1].chain.push(t);
    else if (op === "close") {
      // Jinja names what it closes; Ruby's `end` and EPP's `}` close the innermost.
      if (!stack.length || (kind === "jinja" && !openCount.get(word))) continue;
      let i = stack.length - 1;
      if (kind === "jinja") while (stack[i].word !== word) i--;
      const o = stack[i];
      for (let k = i; k < stack.length; k++) count(stack[k].word, -1);
      stack.length = i;
      o.chain.push(t);
      done.push(o);
    }
  }
  return done;
}

/** Bodies the template defines rather than outputs where they stand: `{% macro %}`, `{% set x %}` blocks. */
function silentBodies(tags: Tag[], kind: TemplateKind): { start: number; end: number }[] {
  if (kind !== "jinja") return [];
  return structure(tags, kind)
    .filter((o) => o.word === "macro" || o.word === "set")
    .map((o) => ({ start: o.tag.end, end: o.chain[o.chain.length - 1].start }));
}

/** if/elif/else chains with more than one branch: each branch's text range. */
function conditionalChains(tags: Tag[], kind: TemplateKind): { start: number; end: number }[][] {
  // An `if` without `else` has an empty branch: the configuration without its body is rendered too.
  return structure(tags, kind)
    .filter((o) => o.word === "if" && o.chain.length >= 2)
    .map((o) => {
      const branches = o.chain.slice(1).map((t, i) => ({ start: o.chain[i].end, end: t.start }));
      const last = o.chain[o.chain.length - 1];
      return o.chain.length === 2 ? [...branches, { start: last.start, end: last.start }] : branches;
    });
}
