/**
 * Shared AST vocabulary. Offsets are 0-based with an exclusive end; line and
 * column are 1-based with an exclusive end column (what SARIF and LSP expect).
 */
export interface Range {
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type QuoteStyle = '"' | "'" | null;

/** One argument as written: raw slice, unquoted/unescaped value, quote style. */
export interface ArgNode {
  kind: "arg";
  raw: string;
  value: string;
  quote: QuoteStyle;
  range: Range;
  file: string;
}

export interface Comment {
  text: string;
  range: Range;
}

/** A parse problem, always reported under the engine id `syntax`. */
export interface SyntaxProblem {
  message: string;
  range: Range;
  file: string;
  /** A section left open at the end of its file: the model decides (httpd reads an open conditional whose condition holds as closed). */
  unclosed?: object;
}

/** Anything a diagnostic can point at. */
export interface Positioned {
  range: Range;
  file: string;
}
