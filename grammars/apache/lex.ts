/**
 * The Apache lexer's three modes (tokens.ts) run by hand: the tokens, comment
 * and continuation groups chevrotain's Lexer gives for apacheLexerDefinition,
 * in the same order and shape. chevrotain tries a mode's patterns one after
 * the other at every offset, since an Apache word may start with any
 * character that is not blank and the patterns cannot be picked by their
 * first character; here the first character picks the one pattern that can
 * match, and the matchers are the same functions. About two thirds of
 * chevrotain's time on a large file went to trying patterns that could not
 * match (10 MB of Apache: 0.52 s lexed by chevrotain, warm). A character no
 * pattern takes (none can be, as `DirectiveName` and `Word` take any that is
 * not blank) falls back to chevrotain's Lexer for the whole text, which reports it.
 */
import type { ILexingResult, IToken, Lexer, TokenType } from "chevrotain";
import { offsetToken } from "../shared/hand-lexer.js";
import {
  Continuation,
  continuationAt,
  Comment,
  DirectiveName,
  isFinalGt,
  LineEnd,
  matchComment,
  matchQuoted,
  matchWord,
  Quoted,
  SectionClose,
  SectionEnd,
  SectionOpen,
  SectionQuoted,
  SectionWord,
  Word,
  type Match,
} from "./tokens.js";

const LINE = 0;
const ARGS = 1;
const SECTION_ARGS = 2;

// The same patterns as SectionClose and SectionOpen (tokens.ts), anchored where they are tried.
const SECTION_CLOSE = /<\/[^\s]*/y;
const SECTION_OPEN = /<[^\s>/][^\s>]*/y;

const isSpace = (c: number) => c === 32 || c === 9 || c === 11 || c === 12 || c === 13;

const fromMatch = (tokenType: TokenType, m: Match, at: number) => offsetToken(tokenType, m[0], at, m.payload);

/** Tokenize `text` as `fallback` (chevrotain's Lexer over apacheLexerDefinition) would. */
export function tokenizeApache(text: string, fallback: () => Lexer): ILexingResult {
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const continuations: IToken[] = [];
  const n = text.length;
  let mode = LINE;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    // BlankLine (skipped) in the first mode, LineEnd (back to it) in the others: tried first in every mode.
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) === 10)) {
      const len = c === 10 ? 1 : 2;
      if (mode !== LINE) {
        tokens.push(offsetToken(LineEnd, len === 1 ? "\n" : "\r\n", i));
        mode = LINE;
      }
      i += len;
      continue;
    }
    // WhiteSpace, skipped: [ \t\f\v\r]+.
    if (isSpace(c)) {
      i++;
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      continue;
    }
    if (c === 92) {
      const cont = continuationAt(text, i);
      if (cont > 0) {
        continuations.push(offsetToken(Continuation, text.slice(i, i + cont), i));
        i += cont;
        continue;
      }
    }
    let t: IToken | null = null;
    let next = mode;
    if (mode === LINE) {
      if (c === 35) {
        const m = matchComment(text, i) as Match;
        comments.push(fromMatch(Comment, m, i));
        i += m[0].length;
        continue;
      }
      if (c === 60) {
        const re = text.charCodeAt(i + 1) === 47 ? SECTION_CLOSE : SECTION_OPEN;
        re.lastIndex = i;
        const m = re.exec(text);
        if (m) {
          t = offsetToken(re === SECTION_CLOSE ? SectionClose : SectionOpen, m[0], i);
          next = re === SECTION_CLOSE ? ARGS : SECTION_ARGS;
        }
      }
      if (!t) {
        const m = matchWord(text, i, false);
        if (m) {
          t = fromMatch(DirectiveName, m, i);
          next = ARGS;
        }
      }
    } else if (mode === ARGS) {
      const m = c === 34 || c === 39 ? matchQuoted(text, i, false) : matchWord(text, i, false);
      if (m) t = fromMatch(c === 34 || c === 39 ? Quoted : Word, m, i);
    } else if (c === 62 && isFinalGt(text, i)) t = offsetToken(SectionEnd, ">", i);
    else {
      const m = c === 34 || c === 39 ? matchQuoted(text, i, true) : matchWord(text, i, true);
      if (m) t = fromMatch(c === 34 || c === 39 ? SectionQuoted : SectionWord, m, i);
    }
    if (!t) return fallback().tokenize(text);
    tokens.push(t);
    i += t.image.length;
    mode = next;
  }
  return { tokens, groups: { comments, continuations }, errors: [] };
}
