/** Shared AST vocabulary (positions: src/core/range.ts). */
import type { Range } from "../core/range.js";

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
