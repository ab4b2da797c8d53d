/**
 * What the dialects' lexers run by hand (grammars/*\/lex.ts) share: tokens
 * shaped as chevrotain's Lexer makes them, so that the parsers and the rest
 * of the pipeline cannot tell the two apart.
 */
import type { IToken, TokenType } from "chevrotain";

/** A token as chevrotain's Lexer makes it under positionTracking "onlyOffset" (a payload only when the matcher gave one). */
export function offsetToken(tokenType: TokenType, image: string, startOffset: number, payload?: unknown): IToken {
  const t = { image, startOffset, tokenTypeIdx: tokenType.tokenTypeIdx as number, tokenType } as IToken;
  if (payload !== undefined) t.payload = payload;
  return t;
}

/** The end of the line `at` is on: the offset of its `\n` or `\r`, or the text's end (a `#[^\r\n]*` comment's end). */
export function lineEndFrom(text: string, at: number): number {
  let e = at;
  while (e < text.length && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) e++;
  return e;
}
