/**
 * Running a dialect's lexer and parser over one file: a BOM is kept in the
 * text (offsets stay true) but lexed as a blank and reported, the parser's
 * actions feed the dialect's tree builder, and every lexer and parser error
 * becomes a positioned `syntax` problem.
 */
import type { IRecognitionException, IToken, Lexer } from "chevrotain";
import type { SyntaxProblem } from "../../src/core/problems.js";
import type { SourceFile } from "../../src/source/source-file.js";
import { bomProblem, lexingProblem, parsingProblem } from "./problems.js";

export interface SinkParser<S> {
  input: IToken[];
  sink: S | null;
  errors: IRecognitionException[];
  config(): unknown;
}

export function parseWith<S, A extends { problems: SyntaxProblem[] }>(
  source: SourceFile,
  lexer: Lexer,
  parser: SinkParser<S>,
  builder: S & { finish(comments: IToken[]): A },
  bomWhat: string,
): A {
  const text = source.text;
  const hasBom = text.charCodeAt(0) === 0xfeff;
  const lexed = lexer.tokenize(hasBom ? " " + text.slice(1) : text);
  parser.input = lexed.tokens;
  parser.sink = builder;
  let errors: IRecognitionException[];
  try {
    parser.config();
    errors = parser.errors.slice();
  } finally {
    parser.sink = null;
    // The parser lives for the process: holding the tokens would keep ~100 bytes per token of the last file alive.
    parser.input = [];
  }
  const ast = builder.finish(lexed.groups.comments ?? []);
  if (hasBom) ast.problems.unshift(bomProblem(source, bomWhat));
  for (const e of lexed.errors) ast.problems.push(lexingProblem(source, e));
  for (const e of errors) ast.problems.push(parsingProblem(source, e));
  ast.problems.sort((a, b) => a.range.start - b.range.start);
  return ast;
}
