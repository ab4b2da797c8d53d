/**
 * Apache httpd tokens, after the way httpd reads a config (server/util.c):
 * a logical line is one or more physical lines joined where a line ends in a
 * single `\` (`[^\\]\\\r?\n`), the first word is the command (or `<Section`),
 * and the rest are words split on white space, where a word that *starts* with
 * a quote runs to the matching unescaped quote (or the end of the line: httpd
 * tolerates an unterminated quote).
 */
import { createToken, Lexer, type CustomPatternMatcherReturn } from "chevrotain";

const isSpace = (c: number) => c === 32 || c === 9 || c === 11 || c === 12 || c === 13;

/** Length of a line break at i (`\n` or `\r\n`), 0 if none. */
function breakAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 10) return 1;
  if (c === 13 && text.charCodeAt(i + 1) === 10) return 2;
  return 0;
}

/** A `\` at i that continues the logical line: returns the continuation's length, else 0. */
export function continuationAt(text: string, i: number): number {
  if (text.charCodeAt(i) !== 92) return 0;
  const br = breakAt(text, i + 1);
  if (br === 0) return 0;
  if (text.charCodeAt(i - 1) === 92) return 0; // `\\` before the break is an escaped backslash
  return 1 + br;
}

/** Whether the `>` at i is the last `>` of its logical line (httpd cuts section args at the last `>`). */
export function isFinalGt(text: string, i: number): boolean {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 62) return false;
    if (c === 10 || (c === 13 && text.charCodeAt(j + 1) === 10)) {
      if (continuationAt(text, j - 1) === 0) return true;
    }
  }
  return true;
}

export type Match = CustomPatternMatcherReturn & { payload?: unknown };

function result(image: string, payload: unknown): Match {
  const m = [image] as unknown as Match;
  m.payload = payload;
  return m;
}

/**
 * An unquoted word. A continuation inside a word joins the next line when that
 * line goes on with a word character (httpd joins the text, so `Server\` +
 * `Admin` reads `ServerAdmin`); otherwise the word ends before the `\`.
 * Returns the word's end (`offset` when there is none).
 */
function wordEnd(text: string, offset: number, stopAtFinalGt: boolean): number {
  let i = offset;
  for (;;) {
    if (i >= text.length) break;
    const c = text.charCodeAt(i);
    if (c === 10 || isSpace(c)) break;
    if (c === 92) {
      const cont = continuationAt(text, i);
      if (cont > 0) {
        const next = text.charCodeAt(i + cont);
        if (i === offset || Number.isNaN(next) || isSpace(next) || next === 10 || breakAt(text, i + cont) > 0) break;
        i += cont;
        continue;
      }
    }
    if (c === 62 && stopAtFinalGt && isFinalGt(text, i)) break;
    i++;
  }
  return i;
}

/**
 * The value of the word text[start, end) found by wordEnd: its joined
 * continuations removed and `\\` unescaped. Most words have no `\` and are
 * their own value (no copy).
 */
function wordValue(text: string, start: number, end: number, image: string): string {
  if (!image.includes("\\")) return image;
  let value = "";
  let segStart = start;
  for (let i = start; i < end;) {
    const cont = text.charCodeAt(i) === 92 ? continuationAt(text, i) : 0;
    if (cont > 0) {
      // Inside a word every continuation was joined (wordEnd stops before the others).
      value += text.slice(segStart, i);
      i += cont;
      segStart = i;
      continue;
    }
    i++;
  }
  value += text.slice(segStart, end);
  return value.includes("\\\\") ? value.replace(/\\\\/g, "\\") : value;
}

/** An unquoted word for the lexer. Payload: the value (see wordValue), when it is not the word itself. */
export function matchWord(text: string, offset: number, stopAtFinalGt: boolean): Match | null {
  const end = wordEnd(text, offset, stopAtFinalGt);
  if (end === offset) return null;
  const image = text.slice(offset, end);
  const value = wordValue(text, offset, end, image);
  // Most words are their own value: no payload (a payload costs the match and the token a property store each).
  return value === image ? ([image] as unknown as Match) : result(image, value);
}

/**
 * A quoted argument: runs to the matching quote, skipping `\"`; backslash-newline
 * inside quotes is a continuation. Payload: the value between the quotes with
 * `\\` and `\<quote>` unescaped, and whether the closing quote was found.
 */
export function matchQuoted(text: string, offset: number, stopAtFinalGt: boolean): Match | null {
  const q = text.charCodeAt(offset);
  if (q !== 34 && q !== 39) return null;
  let i = offset + 1;
  let closed = false;
  let value = "";
  let segStart = i;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92) {
      const cont = continuationAt(text, i);
      if (cont > 0) {
        value += text.slice(segStart, i);
        i += cont;
        segStart = i;
        continue;
      }
      if (text.charCodeAt(i + 1) === q || text.charCodeAt(i + 1) === 92) {
        value += text.slice(segStart, i) + text[i + 1];
        i += 2;
        segStart = i;
        continue;
      }
    }
    if (c === q) {
      closed = true;
      break;
    }
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) === 10)) break;
    if (c === 62 && stopAtFinalGt && isFinalGt(text, i)) break;
    i++;
  }
  value += text.slice(segStart, i);
  const end = closed ? i + 1 : i;
  return result(text.slice(offset, end), { value, closed });
}

/** A comment: `#` where a directive could start, to the end of the logical line. */
export function matchComment(text: string, offset: number): Match | null {
  if (text.charCodeAt(offset) !== 35) return null;
  let i = offset + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) === 10)) {
      if (i > offset && continuationAt(text, i - 1) > 0) {
        i += breakAt(text, i);
        continue;
      }
      break;
    }
    i++;
  }
  return [text.slice(offset, i)] as unknown as Match;
}

/** A line break inside a line's arguments ends the directive and returns to line mode. */
export const LineEnd = createToken({ name: "LineEnd", pattern: /\r?\n/, line_breaks: true, pop_mode: true });
/** Blank lines between directives carry no meaning. */
export const BlankLine = createToken({ name: "BlankLine", pattern: /\r?\n/, line_breaks: true, group: Lexer.SKIPPED });
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\f\v\r]+/, group: Lexer.SKIPPED });
export const Continuation = createToken({
  name: "Continuation",
  pattern: {
    exec: (text: string, offset: number) =>
      continuationAt(text, offset) ? ([text.slice(offset, offset + continuationAt(text, offset))] as unknown as RegExpExecArray) : null,
  },
  line_breaks: true,
  start_chars_hint: ["\\"],
  group: "continuations",
});
export const Comment = createToken({
  name: "Comment",
  pattern: { exec: (t: string, o: number) => matchComment(t, o) },
  line_breaks: true,
  start_chars_hint: ["#"],
  group: "comments",
});
/** `</Name>`: the whole first word; httpd ignores the rest of the line. */
export const SectionClose = createToken({ name: "SectionClose", pattern: /<\/[^\s]*/, push_mode: "args" });
/** `<Name` (the `>` comes at the end of the arguments). */
export const SectionOpen = createToken({ name: "SectionOpen", pattern: /<[^\s>/][^\s>]*/, push_mode: "sectionArgs" });
export const DirectiveName = createToken({
  name: "DirectiveName",
  pattern: { exec: (t: string, o: number) => matchWord(t, o, false) },
  line_breaks: true,
  push_mode: "args",
});
/** The last `>` of a section tag's line. */
export const SectionEnd = createToken({
  name: "SectionEnd",
  pattern: { exec: (t: string, o: number) => (t.charCodeAt(o) === 62 && isFinalGt(t, o) ? ([">"] as unknown as RegExpExecArray) : null) },
  start_chars_hint: [">"],
});
export const Quoted = createToken({
  name: "Quoted",
  pattern: { exec: (t: string, o: number) => matchQuoted(t, o, false) },
  line_breaks: true,
  start_chars_hint: ['"', "'"],
});
export const SectionQuoted = createToken({
  name: "SectionQuoted",
  pattern: { exec: (t: string, o: number) => matchQuoted(t, o, true) },
  line_breaks: true,
  start_chars_hint: ['"', "'"],
  categories: [Quoted],
});
export const Word = createToken({
  name: "Word",
  pattern: { exec: (t: string, o: number) => matchWord(t, o, false) },
  line_breaks: true,
});
export const SectionWord = createToken({
  name: "SectionWord",
  pattern: { exec: (t: string, o: number) => matchWord(t, o, true) },
  line_breaks: true,
  categories: [Word],
});

export const apacheLexerDefinition = {
  defaultMode: "line",
  modes: {
    line: [BlankLine, WhiteSpace, Continuation, Comment, SectionClose, SectionOpen, DirectiveName],
    args: [LineEnd, WhiteSpace, Continuation, Quoted, Word],
    sectionArgs: [LineEnd, WhiteSpace, Continuation, SectionEnd, SectionQuoted, SectionWord],
  },
};

export const allTokens = [
  LineEnd,
  BlankLine,
  WhiteSpace,
  Continuation,
  Comment,
  SectionClose,
  SectionOpen,
  DirectiveName,
  SectionEnd,
  Quoted,
  SectionQuoted,
  Word,
  SectionWord,
];
