/**
 * nginx AST: a file is a list of directives (`name args;`) and blocks
 * (`name args { ... }`); blocks nest. nginx matches directive names
 * case-sensitively, so `name` is what the config wrote and rules compare it
 * as is. `*_by_lua_block` bodies are Lua, not nginx syntax: the block keeps
 * them as raw text (`lua`) and has no children.
 */
import type { ArgNode, Comment } from "./types.js";
import type { Range } from "../core/range.js";
import type { SyntaxProblem } from "../core/problems.js";

export interface NginxDirective {
  kind: "directive";
  name: string;
  /** The name as a token (it may be quoted: `"rewrite_by_lua_block"`). */
  nameArg: ArgNode;
  args: ArgNode[];
  /** From the name to the `;` (or to the last argument when the `;` is missing). */
  range: Range;
  nameRange: Range;
  file: string;
  parent: NginxBlock | null;
  /** Built while recovering from a syntax error (missing `;`): rules skip it. */
  incomplete?: boolean;
}

export interface NginxBlock {
  kind: "block";
  name: string;
  nameArg: ArgNode;
  args: ArgNode[];
  /** From the name to the closing `}` (or to the end of the file when unclosed). */
  range: Range;
  /** From the name to the opening `{`. */
  openRange: Range;
  nameRange: Range;
  closeRange: Range | null;
  children: NginxNode[];
  /** The raw Lua code between the braces of a `*_by_lua_block`. */
  lua?: { text: string; range: Range };
  file: string;
  parent: NginxBlock | null;
  /** Never closed, or opened without a name: rules skip its own findings. */
  incomplete?: boolean;
}

export type NginxNode = NginxDirective | NginxBlock;

export interface NginxFileAst {
  kind: "file";
  dialect: "nginx";
  file: string;
  children: NginxNode[];
  comments: Comment[];
  problems: SyntaxProblem[];
}
