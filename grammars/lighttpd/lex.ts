/**
 * lighttpd's tokens (tokens.ts) read by hand: the tokens and the comment
 * group chevrotain's Lexer gives for lighttpdLexerDefinition, in the same
 * order and shape. chevrotain narrows the patterns by the first character and
 * then runs each candidate's regular expression; here the first character
 * picks the token and a character loop finds its end. The keywords follow
 * chevrotain's `longer_alt`: `include`, `include_shell`, `global` and
 * `else`/`elif`/`elsif`/`elseif` are keywords unless the name they start
 * is longer, and `if` is one only before blanks and a `$`. A character no
 * token takes (`!` alone, `:` alone, `@`...) falls back to chevrotain's Lexer
 * for the whole text, which reports it.
 */
import type { ILexingResult, IToken, Lexer, TokenType } from "chevrotain";
import { lineEndFrom, offsetToken } from "../shared/hand-lexer.js";
import {
  Append,
  Arrow,
  Comma,
  Comment,
  Dollar,
  Else,
  Equal,
  ForceAssign,
  Global,
  If,
  Include,
  IncludeShell,
  Integer,
  Key,
  LBracket,
  LCurly,
  LParen,
  Match,
  matchString,
  NotEqual,
  NotMatch,
  Plus,
  Prefix,
  RBracket,
  RCurly,
  RParen,
  Assign,
  StringLiteral,
  Suffix,
} from "./tokens.js";

const isBlank = (c: number) => c === 32 || c === 9 || c === 0xa0;
const isDigit = (c: number) => c >= 48 && c <= 57;
/** Key's first character: [A-Za-z._\-\ue000-\uf8ff]. */
const startsKey = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 45 || (c >= 0xe000 && c <= 0xf8ff);
/** Key's other characters: the first ones and digits. */
const inKey = (c: number) => startsKey(c) || isDigit(c);

/** The one-character tokens. */
const SINGLE = new Map<number, TokenType>([
  [40, LParen],
  [41, RParen],
  [91, LBracket],
  [93, RBracket],
  [123, LCurly],
  [125, RCurly],
  [44, Comma],
  [36, Dollar],
]);

/** After `=`: `=>`, `==`, `=~`, `=^`, `=$`. */
const AFTER_EQUALS = new Map<number, TokenType>([
  [62, Arrow],
  [61, Equal],
  [126, Match],
  [94, Prefix],
  [36, Suffix],
]);

/**
 * The keywords a name may be. A keyword's pattern matches only the start of a longer name, which its `longer_alt`
 * (Key) then takes whole: a name is a keyword exactly when it is one.
 */
const KEYWORDS = new Map<string, TokenType>([
  ["include_shell", IncludeShell],
  ["include", Include],
  ["global", Global],
  ["elseif", Else],
  ["elsif", Else],
  ["elif", Else],
  ["else", Else],
]);

/** `if` before blanks and a `$` (the If pattern's lookahead). */
function ifAt(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== 105 || text.charCodeAt(at + 1) !== 102) return false;
  let j = at + 2;
  while (isBlank(text.charCodeAt(j))) j++;
  return text.charCodeAt(j) === 36;
}

/** Tokenize `text` as `fallback` (chevrotain's Lexer over lighttpdLexerDefinition) would. */
export function tokenizeLighttpd(text: string, fallback: () => Lexer): ILexingResult {
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    // WhiteSpace and NewLine, skipped.
    if (isBlank(c) || c === 10 || c === 13) {
      i++;
      continue;
    }
    let t: IToken | null = null;
    if (c === 35) {
      const e = lineEndFrom(text, i + 1);
      comments.push(offsetToken(Comment, text.slice(i, e), i));
      i = e;
      continue;
    } else if (c === 34) {
      const m = matchString(text, i);
      if (m) t = offsetToken(StringLiteral, m[0], i, m.payload);
    } else if (isDigit(c)) {
      let e = i + 1;
      while (isDigit(text.charCodeAt(e))) e++;
      t = offsetToken(Integer, text.slice(i, e), i);
    } else if (startsKey(c)) {
      if (ifAt(text, i)) t = offsetToken(If, "if", i);
      else {
        let e = i + 1;
        while (e < n && inKey(text.charCodeAt(e))) e++;
        const image = text.slice(i, e);
        t = offsetToken(KEYWORDS.get(image) ?? Key, image, i);
      }
    } else if (c === 61) {
      const two = AFTER_EQUALS.get(text.charCodeAt(i + 1));
      t = two ? offsetToken(two, text.slice(i, i + 2), i) : offsetToken(Assign, "=", i);
    } else if (c === 33) {
      const d = text.charCodeAt(i + 1);
      if (d === 61) t = offsetToken(NotEqual, "!=", i);
      else if (d === 126) t = offsetToken(NotMatch, "!~", i);
    } else if (c === 43) t = text.charCodeAt(i + 1) === 61 ? offsetToken(Append, "+=", i) : offsetToken(Plus, "+", i);
    else if (c === 58) {
      if (text.charCodeAt(i + 1) === 61) t = offsetToken(ForceAssign, ":=", i);
    } else {
      const single = SINGLE.get(c);
      if (single) t = offsetToken(single, text[i] as string, i);
    }
    if (!t) return fallback().tokenize(text);
    tokens.push(t);
    i += t.image.length;
  }
  return { tokens, groups: { comments }, errors: [] };
}
