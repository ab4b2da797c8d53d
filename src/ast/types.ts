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

/**
 * Sections or blocks nested deeper than this (counting those of the files that
 * include a file) are not walked by the loaders and the models: what is inside
 * is not checked, and the first is reported (`include-not-followed`, info).
 * No real configuration nests more than a few levels; with the bound, every
 * walk up a node's enclosing sections stays short whatever the input, and so
 * does every answer a rule gets about them (the directives in effect at a
 * scope, the sections around it).
 */
export const MAX_NESTING = 256;
