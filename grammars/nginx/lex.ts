/**
 * The nginx lexer's three modes (tokens.ts) run by hand: the tokens and the
 * comment group chevrotain's Lexer gives for nginxLexerDefinition, in the
 * same order and shape. chevrotain tries a mode's patterns one after the
 * other at every offset (an nginx word may start with almost any character,
 * so the patterns cannot be picked by their first character); here the first
 * character picks the one pattern that can match, and the patterns and
 * matchers are the same. A character no pattern takes (none can be: a word
 * takes any character the other patterns do not, and a Lua block left open
 * runs to the end of the file) falls back to chevrotain's Lexer for the
 * whole text, which reports it.
 */
import type { ILexingResult, IToken, Lexer, TokenType } from "chevrotain";
import { lineEndFrom, offsetToken } from "../shared/hand-lexer.js";
import { scanLuaBlock } from "./lua-block.js";
import {
  Close,
  Comment,
  EarlyClose,
  EndSemicolon,
  LuaBlockBody,
  LuaBlockName,
  matchLuaName,
  NameQuoted,
  NameUnterminated,
  NameWord,
  Open,
  Quoted,
  QUOTED_Y,
  StrayPunct,
  Unterminated,
  UNTERMINATED_Y,
  Word,
  WORD_Y,
} from "./tokens.js";

const STATEMENT = 0;
const ARGS = 1;
const LUA_HEAD = 2;

/** The image of a sticky pattern at `at` (it matches there: the caller checked the first character). */
function imageAt(re: RegExp, text: string, at: number): string | null {
  re.lastIndex = at;
  const m = re.exec(text);
  return m ? m[0] : null;
}

/** A quoted string at `at`, closed (`closed`) or running to the end of the file. */
function quotedAt(text: string, at: number, closed: TokenType, open: TokenType): IToken | null {
  const q = imageAt(QUOTED_Y, text, at);
  if (q !== null) return offsetToken(closed, q, at);
  const u = imageAt(UNTERMINATED_Y, text, at);
  return u === null ? null : offsetToken(open, u, at);
}

const isBlank = (c: number) => c === 32 || c === 9 || c === 13 || c === 10;

/** Tokenize `text` as `fallback` (chevrotain's Lexer over nginxLexerDefinition) would. */
export function tokenizeNginx(text: string, fallback: () => Lexer): ILexingResult {
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const n = text.length;
  let mode = STATEMENT;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    // WhiteSpace, skipped, in every mode.
    if (isBlank(c)) {
      i++;
      while (i < n && isBlank(text.charCodeAt(i))) i++;
      continue;
    }
    // Comment: a `#` where a token may start (no other pattern of any mode takes a `#`).
    if (c === 35) {
      const e = lineEndFrom(text, i + 1);
      comments.push(offsetToken(Comment, text.slice(i, e), i));
      i = e;
      continue;
    }
    let t: IToken | null = null;
    let next = mode;
    if (mode === STATEMENT) {
      if (c === 125) t = offsetToken(Close, "}", i);
      else if (c === 123 || c === 59) t = offsetToken(StrayPunct, text[i] as string, i);
      else {
        const lua = matchLuaName(text, i);
        if (lua) {
          t = offsetToken(LuaBlockName, lua[0], i);
          next = LUA_HEAD;
        } else {
          t = c === 34 || c === 39 ? quotedAt(text, i, NameQuoted, NameUnterminated) : wordAt(text, i, NameWord);
          next = ARGS;
        }
      }
    } else if (c === 59) {
      t = offsetToken(EndSemicolon, ";", i);
      next = STATEMENT;
    } else if (c === 125) {
      t = offsetToken(EarlyClose, "}", i);
      next = STATEMENT;
    } else if (c === 123) {
      if (mode === ARGS) t = offsetToken(Open, "{", i);
      else {
        const m = scanLuaBlock(text, i);
        if (m) t = offsetToken(LuaBlockBody, m[0], i, m.payload);
      }
      next = STATEMENT;
    } else t = c === 34 || c === 39 ? quotedAt(text, i, Quoted, Unterminated) : wordAt(text, i, Word);
    if (!t) return fallback().tokenize(text);
    tokens.push(t);
    i += t.image.length;
    mode = next;
  }
  return { tokens, groups: { comments }, errors: [] };
}

/** A word at `at` (WORD: any character but a blank, `;`, `{`, `}`, `#` or a quote starts one, never empty). */
function wordAt(text: string, at: number, type: TokenType): IToken | null {
  const w = imageAt(WORD_Y, text, at);
  return w === null ? null : offsetToken(type, w, at);
}
