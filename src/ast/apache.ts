/**
 * Apache httpd AST: a file is a list of directives and sections; sections nest.
 * Names keep the user's spelling; `key` is the lower-cased name used for lookups
 * (httpd matches directive and section names case-insensitively).
 */
import type { ArgNode, Comment } from "./types.js";
import type { Range } from "../core/range.js";
import type { SyntaxProblem } from "../core/problems.js";

export interface ApacheDirective {
  kind: "directive";
  name: string;
  key: string;
  args: ArgNode[];
  /** Whole directive, continuation lines included. */
  range: Range;
  nameRange: Range;
  file: string;
  parent: ApacheSection | null;
}

export interface ApacheSection {
  kind: "section";
  name: string;
  key: string;
  args: ArgNode[];
  /** From `<` of the opening tag to the end of the closing tag (or of the file when unclosed). */
  range: Range;
  /** The opening tag line: `<Location "/">`. */
  openRange: Range;
  closeRange: Range | null;
  children: ApacheNode[];
  file: string;
  parent: ApacheSection | null;
  /** Set when the section was never closed or its tag is malformed: rules skip such sections' own findings. */
  incomplete?: boolean;
  /** A section a mod_macro `Use` expanded: that `Use`, which tells apart the sections one macro body makes. */
  usedAt?: ApacheDirective;
}

export type ApacheNode = ApacheDirective | ApacheSection;

export interface ApacheFileAst {
  kind: "file";
  dialect: "apache";
  file: string;
  children: ApacheNode[];
  comments: Comment[];
  problems: SyntaxProblem[];
}
