/**
 * lighttpd 1.4 AST: a file is a list of statements (assignments, conditional
 * blocks, `global { }` blocks, `include`/`include_shell`); blocks nest. Values
 * keep their structure (strings, integers, variable references, arrays with
 * `=>` entries, `+` concatenations) and a position on every part, so a rule
 * can point at one array entry.
 *
 * Scalars are ArgNodes (kind "arg") so the Fixer's argument helpers work on
 * them: a string keeps its raw text and `"` quote, an integer or a variable
 * reference has no quote. lighttpd strings know one escape only, `\"`.
 */
import type { ArgNode, Comment } from "./types.js";
import type { Range } from "../core/range.js";
import type { SyntaxProblem } from "../core/problems.js";

interface Node {
  range: Range;
  file: string;
  /** Built while the parser was recovering from a syntax error: rules skip it. */
  incomplete?: boolean;
}

/** `"text"`, `80` or `var.name` / `env.NAME` / `server.port` (a reference to a variable set earlier). */
export interface LighttpdScalar extends ArgNode {
  type: "string" | "integer" | "ref";
  incomplete?: boolean;
}

/** `( entry, entry, ... )` */
export interface LighttpdArray extends Node {
  kind: "array";
  entries: LighttpdArrayEntry[];
  /** The `(` and the `)` (null when the array was never closed). */
  open: Range;
  close: Range | null;
}

/** `value` or `key => value` inside an array. */
export interface LighttpdArrayEntry extends Node {
  kind: "entry";
  key: LighttpdValue | null;
  value: LighttpdValue;
  /** The `,` after the entry, when there is one. */
  comma: Range | null;
}

/** `a + b + ...` */
export interface LighttpdConcat extends Node {
  kind: "concat";
  parts: LighttpdValue[];
}

export type LighttpdValue = LighttpdScalar | LighttpdArray | LighttpdConcat;

export type AssignOp = "=" | "+=" | ":=";

/** `server.modules += ( ... )` */
export interface LighttpdAssignment extends Node {
  kind: "assignment";
  /** The key as written (`server.port`, `myvar`). */
  name: string;
  /** The key lighttpd stores: a name without a dot is a `var.` name. */
  key: string;
  op: AssignOp;
  value: LighttpdValue | null;
  nameRange: Range;
  opRange: Range;
  parent: LighttpdBlock | null;
}

export type CondOp = "==" | "!=" | "=~" | "!~" | "=^" | "=$";

/** The test of a conditional: `$HTTP["host"] == "example.com"`. */
export interface LighttpdTest {
  /** `HTTP`, `SERVER`, `REQUEST_HEADER`, `PHYSICAL`... */
  variable: string;
  /** The expression inside `[...]`: `"host"`. */
  field: LighttpdValue | null;
  op: CondOp;
  pattern: LighttpdValue | null;
  range: Range;
}

/** A conditional block; `test` is null for a catch-all `else { }`. */
export interface LighttpdCondition extends Node {
  kind: "condition";
  /** How it was introduced: null for a plain `$...`, else the keyword(s) as written (`if`, `else`, `elif`, `elsif`, `elseif`, `else if`). */
  keyword: string | null;
  test: LighttpdTest | null;
  /** The previous condition of an `else` chain. */
  prev: LighttpdCondition | null;
  children: LighttpdStatement[];
  /** From the keyword (or `$`) to the `{`. */
  headRange: Range;
  closeRange: Range | null;
  parent: LighttpdBlock | null;
}

/** `global { ... }`: settings for the global context from inside another file or block. */
export interface LighttpdGlobal extends Node {
  kind: "global";
  children: LighttpdStatement[];
  headRange: Range;
  closeRange: Range | null;
  parent: LighttpdBlock | null;
}

/** `include "file"` or `include_shell "command"` (recorded, never executed). */
export interface LighttpdInclude extends Node {
  kind: "include";
  shell: boolean;
  value: LighttpdValue | null;
  keywordRange: Range;
  parent: LighttpdBlock | null;
}

export type LighttpdBlock = LighttpdCondition | LighttpdGlobal;
export type LighttpdStatement = LighttpdAssignment | LighttpdCondition | LighttpdGlobal | LighttpdInclude;

export interface LighttpdFileAst {
  kind: "file";
  dialect: "lighttpd";
  file: string;
  children: LighttpdStatement[];
  comments: Comment[];
  problems: SyntaxProblem[];
}

export const isScalar = (v: LighttpdValue | null | undefined): v is LighttpdScalar => v?.kind === "arg";
export const isString = (v: LighttpdValue | null | undefined): v is LighttpdScalar => v?.kind === "arg" && v.type === "string";
