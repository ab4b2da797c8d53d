/**
 * Running a dialect's lexer and parser over one file: a BOM is kept in the
 * text (offsets stay true) but lexed as a blank and reported, the parser's
 * actions feed the dialect's tree builder, and every lexer and parser error
 * becomes a positioned `syntax` problem.
 *
 * The file is lexed and parsed in pieces of about CHUNK characters, each cut
 * after a token that ends a statement (`endsStatement`): chevrotain's lexer
 * makes a token object per word, and a 10 MB file's whole token vector
 * (~100 bytes a token, 800,000 tokens) was the largest thing alive while
 * parsing, larger than the tree it becomes. A piece is lexed from its own
 * text, so a token that needs the text after the piece (a quote or a Lua
 * body left open, a line continued) is never taken from it: only the tokens
 * up to the last statement end that lies before the piece's end are parsed,
 * and the next piece starts right after it, in the lexer's first mode, as the
 * whole file's lexer would be there.
 */
import type { ILexingError, ILexingResult, IRecognitionException, IToken } from "chevrotain";
import type { SyntaxProblem } from "../../src/core/problems.js";
import type { SourceFile } from "../../src/source/source-file.js";
import { bomProblem, lexingProblem, parsingProblem } from "./problems.js";

/** What parseWith needs of a lexer: chevrotain's Lexer, or a dialect's own run of its modes (grammars/apache/lex.ts). */
export interface Tokenizer {
  tokenize(text: string): ILexingResult;
}

export interface SinkParser<S> {
  input: IToken[];
  sink: S | null;
  errors: IRecognitionException[];
  config(): unknown;
}

/** What parseWith needs of a dialect's tree builder. */
export interface ChunkedBuilder<A> {
  /** A comment token (in text order, offsets in the file). */
  comment(c: IToken): void;
  finish(): A;
}

/** Characters lexed at a time (a piece grows, doubling, when it holds no statement end). */
export const CHUNK = 1 << 17;

const tokenEnd = (t: IToken) => t.startOffset + t.image.length;

/** The file's next piece, lexed: its tokens up to a statement end, with the offsets of the file. */
export interface Piece {
  tokens: IToken[];
  comments: IToken[];
  errors: ILexingError[];
  /** Offset in the file where the next piece starts. */
  next: number;
}

/**
 * Where a piece may be cut: the index of the last of `tokens` (offsets in the
 * piece) that ends a statement and ends before `stop`, or -1.
 */
export type LastStatementEnd = (tokens: IToken[], stop: number) => number;

/** The last statement end for a dialect whose statements end with tokens of their own (`;`, `{`, `}`, a line break). */
export function lastTokenThat(endsStatement: (t: IToken) => boolean): LastStatementEnd {
  return (tokens, stop) => {
    let i = tokens.length - 1;
    while (i >= 0 && !(endsStatement(tokens[i]) && tokenEnd(tokens[i]) < stop)) i--;
    return i;
  };
}

/**
 * Lexes text[from, ...) in a piece of at least `size` characters, cut after a
 * line break; keeps the tokens up to the one `lastEnd` finds (all of them when
 * the piece reaches the end of the text). Null when the piece holds no
 * statement end.
 */
function lexPiece(text: string, from: number, size: number, lexer: Tokenizer, lastEnd: LastStatementEnd): Piece | null {
  let cut = from + size >= text.length ? -1 : text.indexOf("\n", from + size);
  const last = cut < 0;
  cut = last ? text.length : cut + 1;
  const lexed = lexer.tokenize(from === 0 && last ? text : text.slice(from, cut));
  const tokens = lexed.tokens;
  let keep = tokens.length;
  let stop = cut - from;
  if (!last) {
    const i = lastEnd(tokens, stop);
    if (i < 0) return null;
    keep = i + 1;
    stop = tokenEnd(tokens[i]);
    tokens.length = keep;
  }
  for (let i = 0; i < keep; i++) tokens[i].startOffset += from;
  const comments = (lexed.groups.comments ?? []).filter((c) => c.startOffset < stop);
  for (const c of comments) c.startOffset += from;
  const errors = lexed.errors.filter((e) => e.offset < stop);
  for (const e of errors) e.offset += from;
  return { tokens, comments, errors, next: from + stop };
}

/**
 * The text's pieces in order, each lexed from the offset where the last one
 * stopped; a piece that holds no statement end is lexed again twice as long.
 */
export function* pieces(text: string, chunk: number, lexer: Tokenizer, lastEnd: LastStatementEnd): Generator<Piece> {
  let from = 0;
  let size = chunk;
  do {
    const piece = lexPiece(text, from, size, lexer, lastEnd);
    if (!piece) {
      size *= 2;
      continue;
    }
    size = chunk;
    from = piece.next;
    yield piece;
  } while (from < text.length);
}

export function parseWith<S, A extends { problems: SyntaxProblem[] }>(
  source: SourceFile,
  lexer: Tokenizer,
  parser: SinkParser<S>,
  builder: S & ChunkedBuilder<A>,
  bomWhat: string,
  endsStatement: (t: IToken) => boolean,
  chunk = CHUNK,
): A {
  const text = source.text;
  const hasBom = text.charCodeAt(0) === 0xfeff;
  const lexText = hasBom ? " " + text.slice(1) : text;
  const lexErrors: ILexingError[] = [];
  const errors: IRecognitionException[] = [];
  parser.sink = builder;
  try {
    for (const piece of pieces(lexText, chunk, lexer, lastTokenThat(endsStatement))) {
      for (const c of piece.comments) builder.comment(c);
      for (const e of piece.errors) lexErrors.push(e);
      parser.input = piece.tokens;
      parser.config();
      for (const e of parser.errors) errors.push(e);
    }
  } finally {
    parser.sink = null;
    // The parser lives for the process: holding the tokens would keep ~100 bytes per token of the last piece alive.
    parser.input = [];
  }
  const ast = builder.finish();
  if (hasBom) ast.problems.unshift(bomProblem(source, bomWhat));
  for (const e of lexErrors) ast.problems.push(lexingProblem(source, e));
  for (const e of errors) ast.problems.push(parsingProblem(source, e));
  ast.problems.sort((a, b) => a.range.start - b.range.start);
  return ast;
}
