/** Turning lexer and parser errors into positioned `syntax` problems. */
import type { ILexingError, IRecognitionException } from "chevrotain";
import type { SyntaxProblem } from "../../src/core/problems.js";
import type { SourceFile } from "../../src/source/source-file.js";
import { shown } from "../../src/source/quote.js";

/** The most characters of one token a syntax message quotes (a message names a token; it does not reprint the line). */
export const SHOW_MAX = 40;

export function lexingProblem(source: SourceFile, e: ILexingError): SyntaxProblem {
  const ch = JSON.stringify(source.text.slice(e.offset, e.offset + 1));
  return { message: `unexpected character ${ch}`, range: source.range(e.offset, e.offset + e.length), file: source.path };
}

export function parsingProblem(source: SourceFile, e: IRecognitionException): SyntaxProblem {
  const t = e.token;
  const start = Number.isNaN(t.startOffset) ? source.text.length : t.startOffset;
  const end = Number.isNaN(t.startOffset) ? start : start + t.image.length;
  // Chevrotain's own messages quote the token whole: cut it as every quote of config text is.
  const message = t.image && t.image.length > SHOW_MAX ? e.message.split(t.image).join(shown(t.image, SHOW_MAX)) : e.message;
  return { message, range: source.range(start, end), file: source.path };
}

/** A UTF-8 BOM: the servers read it as part of the first word. */
export function bomProblem(source: SourceFile, what: string): SyntaxProblem {
  return {
    message: `file starts with a UTF-8 byte order mark, which ${what}; save the file without BOM`,
    range: source.range(0, 1),
    file: source.path,
  };
}
