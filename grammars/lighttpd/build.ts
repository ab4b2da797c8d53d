/**
 * Builds the lighttpd AST from the parser's statements, nesting blocks with a
 * stack, and records the problems lighttpd stops at (or, in 1.4.69, silently
 * reads differently from what is written).
 */
import type { IToken } from "chevrotain";
import type {
  LighttpdArray,
  LighttpdArrayEntry,
  LighttpdAssignment,
  LighttpdBlock,
  LighttpdCondition,
  LighttpdConcat,
  LighttpdFileAst,
  LighttpdGlobal,
  LighttpdInclude,
  LighttpdStatement,
  LighttpdTest,
  LighttpdValue,
  AssignOp,
  CondOp,
} from "../../src/ast/lighttpd.js";
import { isString } from "../../src/ast/lighttpd.js";
import { LighttpdEntryNode, lighttpdScalar, OffsetArg, OffsetRange } from "../../src/ast/nodes.js";
import type { Range } from "../../src/core/range.js";
import type { SyntaxProblem } from "../../src/core/problems.js";
import type { SourceFile } from "../../src/source/source-file.js";
import { SHOW_MAX } from "../shared/problems.js";
import { shown } from "../../src/source/quote.js";
import type { StatementSink, TestParts } from "./parser.js";
import { Integer, Key, LCurly, RParen, StringLiteral } from "./tokens.js";

/** A name that is one template placeholder (src/template/placeholder.ts). */
const PLACEHOLDER = /^[\ue000-\uf8ff]+$/;
const inserted = (t: IToken | undefined): boolean => !t || Number.isNaN(t.startOffset) || t.isInsertedInRecovery === true;
const tokEnd = (t: IToken) => t.startOffset + t.image.length;
/** Where a value or entry starts and ends, read without making its Range where the node keeps offsets. */
const startOf = (v: LighttpdValue | LighttpdArrayEntry): number => (v instanceof OffsetArg || v instanceof OffsetRange ? v.startOffset : v.range.start);
const endOf = (v: LighttpdValue | LighttpdArrayEntry): number => (v instanceof OffsetArg || v instanceof OffsetRange ? v.endOffset : v.range.end);
const show = (t: IToken) => `'${shown(t.image, SHOW_MAX)}'`;

export class TreeBuilder implements StatementSink {
  readonly ast: LighttpdFileAst;
  /** Every statement, in source order (for marking the ones a parse error falls in). */
  readonly statements: LighttpdStatement[] = [];
  /** Offsets where statements start; a parse error belongs to the last one before it. */
  readonly starts: number[] = [];
  /** Problems about single tokens that can cascade: at most one per statement is kept. */
  readonly tokenProblems: SyntaxProblem[] = [];
  private stack: LighttpdBlock[] = [];
  /** `global { }` blocks open in the stack (counted, so that a deep nesting is not scanned per condition). */
  private openGlobals = 0;
  /** The condition just closed at the current level, which an `else` may continue. */
  private lastClosed: LighttpdCondition | null = null;

  constructor(
    private source: SourceFile,
    private topLevelPlus: Set<number>,
  ) {
    this.ast = { kind: "file", dialect: "lighttpd", file: source.path, children: [], comments: [], problems: [] };
  }

  private range(start: number, end: number): Range {
    return this.source.range(start, end);
  }

  private tokRange(t: IToken): Range {
    return this.range(t.startOffset, tokEnd(t));
  }

  private problem(message: string, range: Range) {
    this.ast.problems.push({ message, range, file: this.source.path });
  }

  private tokenProblem(message: string, range: Range) {
    this.tokenProblems.push({ message, range, file: this.source.path });
  }

  private get parent(): LighttpdBlock | null {
    return this.stack[this.stack.length - 1] ?? null;
  }

  private add(node: LighttpdStatement) {
    const parent = this.parent;
    if (parent) parent.children.push(node);
    else this.ast.children.push(node);
    this.statements.push(node);
    this.lastClosed = null;
  }

  start(t: IToken): void {
    if (!inserted(t)) this.starts.push(t.startOffset);
  }

  scalar(t: IToken): LighttpdValue | undefined {
    if (inserted(t)) return undefined;
    if (t.tokenType === StringLiteral) {
      const payload = t.payload as { value: string; closed: boolean };
      const node = lighttpdScalar(this.source, t.startOffset, t.image, payload.value);
      if (!payload.closed) {
        node.incomplete = true;
        this.problem("missing closing quote: the string runs to the end of the file", this.tokRange(t));
      }
      return node;
    }
    if (t.tokenType === Integer) return lighttpdScalar(this.source, t.startOffset, t.image, t.image);
    if (t.tokenType === Key) return lighttpdScalar(this.source, t.startOffset, t.image, normalizeKey(t.image));
    return undefined;
  }

  array(open: IToken, items: (LighttpdArrayEntry | IToken | undefined)[], close: IToken | undefined): LighttpdValue {
    const closed = !inserted(close) && close?.tokenType === RParen;
    const entries: LighttpdArrayEntry[] = [];
    let incomplete = !closed;
    let previous: LighttpdArrayEntry | IToken | null = null;
    for (const item of items) {
      if (item === undefined) {
        incomplete = true;
        previous = null;
        continue;
      }
      if ("kind" in item) {
        if (previous && "kind" in previous) {
          incomplete = true;
          const twoStrings = isString(previous.value) && !previous.key && isString(item.value) && !item.key;
          this.tokenProblem(
            twoStrings
              ? `missing ',' after ${showValue(previous, this.source.text)}: strings may be combined with '+' or separated with ',' or '=>' in lists`
              : `missing ',' after ${showValue(previous, this.source.text)}: the entries of a list are separated with ','`,
            previous.range,
          );
        }
        entries.push(item);
      } else if (!inserted(item)) {
        if (previous === null && entries.length === 0) {
          incomplete = true;
          this.tokenProblem("',' before the first entry of a list", this.tokRange(item));
        } else if (previous && "kind" in previous && !previous.comma) (previous as LighttpdEntryNode).commaAt(item.startOffset);
      }
      previous = item;
    }
    // A loop, not Math.max(...entries): an unclosed list can have more entries than a call takes arguments.
    let end = tokEnd(open);
    if (closed) end = tokEnd(close as IToken);
    else for (const e of entries) end = Math.max(end, endOf(e));
    const node: LighttpdArray = {
      kind: "array",
      entries,
      open: this.tokRange(open),
      close: closed ? this.tokRange(close as IToken) : null,
      range: this.range(open.startOffset, end),
      file: this.source.path,
    };
    if (incomplete || entries.some((e) => e.incomplete)) node.incomplete = true;
    return node;
  }

  entry(key: LighttpdValue | undefined, arrow: IToken | undefined, value: LighttpdValue | undefined, start: IToken): LighttpdArrayEntry {
    const first = key ?? value;
    const startOffset = first ? startOf(first) : inserted(start) ? (arrow ? arrow.startOffset : 0) : start.startOffset;
    const endOffset = value ? endOf(value) : arrow && !inserted(arrow) ? tokEnd(arrow) : key ? endOf(key) : startOffset;
    const node = new LighttpdEntryNode(
      this.source,
      startOffset,
      Math.max(startOffset, endOffset),
      arrow ? (key ?? null) : null,
      (value ?? key) as LighttpdValue,
    );
    if (!value || (arrow && !key) || value.incomplete || key?.incomplete) node.incomplete = true;
    if (arrow && !inserted(arrow) && !value) this.tokenProblem("expected a value after '=>'", this.tokRange(arrow));
    return node;
  }

  concat(parts: (LighttpdValue | undefined)[], plus: IToken[]): LighttpdValue | undefined {
    const present = parts.filter((p): p is LighttpdValue => p !== undefined);
    if (!present.length) return undefined;
    const node: LighttpdConcat = {
      kind: "concat",
      parts: present,
      range: this.range(startOf(present[0]), endOf(present[present.length - 1])),
      file: this.source.path,
    };
    if (present.length !== parts.length || present.some((p) => p.incomplete)) node.incomplete = true;
    plus.forEach((p, i) => {
      const before = parts[i];
      if (!inserted(p) && parts[i + 1] === undefined) this.tokenProblem("expected a value after '+'", this.tokRange(p));
      if (inserted(p) || !before || !this.topLevelPlus.has(p.startOffset)) return;
      if (/[\r\n]/.test(this.source.text.slice(endOf(before), p.startOffset))) {
        node.incomplete = true;
        this.problem(
          "'+' at the start of a line: lighttpd ends the value at the line break before it (lighttpd 1.4.69 then ignores the rest); put '+' at the end of the previous line",
          this.tokRange(p),
        );
      }
    });
    return node;
  }

  assignment(name: IToken, op: IToken | undefined, value: LighttpdValue | undefined): void {
    if (inserted(name)) return;
    if ((!op || inserted(op)) && PLACEHOLDER.test(name.image)) {
      // A template expression alone (`{{ lighttpd_extra_config }}`): statements nobody can know yet, kept for the model.
      this.add({
        kind: "assignment",
        name: name.image,
        key: name.image,
        op: "=",
        value: null,
        nameRange: this.tokRange(name),
        opRange: this.tokRange(name),
        range: this.tokRange(name),
        file: this.source.path,
        parent: this.parent,
        incomplete: true,
      });
      return;
    }
    if (!op || inserted(op)) {
      this.tokenProblem(`expected '=', '+=' or ':=' after ${show(name)}`, this.tokRange(name));
      return;
    }
    if (!value) this.tokenProblem(`expected a value after ${show(op)}`, this.tokRange(op));
    const node: LighttpdAssignment = {
      kind: "assignment",
      name: name.image,
      key: normalizeKey(name.image),
      op: op.image as AssignOp,
      value: value ?? null,
      nameRange: this.tokRange(name),
      opRange: this.tokRange(op),
      range: this.range(name.startOffset, value ? endOf(value) : tokEnd(op)),
      file: this.source.path,
      parent: this.parent,
    };
    if (!value || value.incomplete) node.incomplete = true;
    if (node.key.startsWith("env.")) {
      this.problem(`lighttpd cannot set ${shown(node.key)}: environment variables can only be read in a config`, node.nameRange);
      node.incomplete = true;
    }
    this.add(node);
  }

  private test(parts: TestParts): LighttpdTest | null {
    const { dollar, name, field, op, pattern } = parts;
    if (inserted(dollar) || inserted(name) || inserted(op) || !name || !op) return null;
    const end = pattern ? endOf(pattern) : tokEnd(op);
    const test: LighttpdTest = {
      variable: name.image,
      field: field ?? null,
      op: op.image as CondOp,
      pattern: pattern ?? null,
      range: this.range(dollar.startOffset, end),
    };
    if (!/^[A-Za-z_]+$/.test(name.image))
      this.problem(`invalid character in condition: '$${shown(name.image)}' (a condition names $HTTP, $SERVER, $REQUEST_HEADER...)`, this.tokRange(name));
    return test;
  }

  private openBlock(node: LighttpdCondition | LighttpdGlobal, lcurly: IToken | undefined, what: string) {
    if (inserted(lcurly) || lcurly?.tokenType !== LCurly) {
      node.incomplete = true;
      this.problem(`expected '{' after ${what}`, node.headRange);
      this.add(node);
      return;
    }
    this.add(node);
    this.stack.push(node);
    if (node.kind === "global") this.openGlobals++;
  }

  conditionOpen(ifTok: IToken | undefined, parts: TestParts, lcurly: IToken | undefined): void {
    if (inserted(parts.dollar)) return;
    const start = ifTok && !inserted(ifTok) ? ifTok.startOffset : parts.dollar.startOffset;
    const test = this.test(parts);
    const headEnd = lcurly && !inserted(lcurly) ? tokEnd(lcurly) : (test?.range.end ?? tokEnd(parts.dollar));
    const node: LighttpdCondition = {
      kind: "condition",
      keyword: ifTok && !inserted(ifTok) ? "if" : null,
      test,
      prev: null,
      children: [],
      headRange: this.range(start, headEnd),
      closeRange: null,
      range: this.range(start, headEnd),
      file: this.source.path,
      parent: this.parent,
    };
    if (!test || !test.field || !test.pattern || test.field.incomplete || test.pattern.incomplete) node.incomplete = true;
    this.checkNotInGlobal(node);
    this.openBlock(node, lcurly, "the condition");
  }

  private checkNotInGlobal(node: LighttpdCondition) {
    if (this.openGlobals > 0)
      this.problem('a condition inside global { }: lighttpd refuses to start ("Cannot use conditionals inside a global { ... } block")', node.headRange);
  }

  elseOpen(elseTok: IToken, ifTok: IToken | undefined, parts: TestParts | undefined, lcurly: IToken | undefined): void {
    if (inserted(elseTok)) return;
    const prev = this.lastClosed;
    const test = parts && !inserted(parts.dollar) ? this.test(parts) : null;
    const hasIf = ifTok !== undefined && !inserted(ifTok);
    const headEnd = lcurly && !inserted(lcurly) ? tokEnd(lcurly) : (test?.range.end ?? (hasIf ? tokEnd(ifTok) : tokEnd(elseTok)));
    const node: LighttpdCondition = {
      kind: "condition",
      keyword: elseTok.image + (hasIf ? " if" : ""),
      test,
      prev,
      children: [],
      headRange: this.range(elseTok.startOffset, headEnd),
      closeRange: null,
      range: this.range(elseTok.startOffset, headEnd),
      file: this.source.path,
      parent: this.parent,
    };
    if (parts && (!test || !test.field || !test.pattern || test.field.incomplete || test.pattern.incomplete)) node.incomplete = true;
    if (!prev) {
      node.incomplete = true;
      this.problem(
        `'${shown(elseTok.image)}' does not follow a conditional block: lighttpd 1.4.69 drops the '${shown(elseTok.image)}' and applies the block's settings to every request`,
        this.tokRange(elseTok),
      );
    } else if (prev.test === null) {
      this.problem("unreachable condition following else catch-all: an 'else { }' block must end its chain", this.tokRange(elseTok));
    }
    if (test && parts) {
      const afterKeyword = hasIf ? tokEnd(ifTok) : tokEnd(elseTok);
      if (/[\r\n]/.test(this.source.text.slice(afterKeyword, parts.dollar.startOffset))) {
        node.incomplete = true;
        this.problem(`the condition must be on the same line as '${shown(elseTok.image)}': lighttpd 1.4.69 drops it and reads a catch-all else`, test.range);
      }
    }
    this.checkNotInGlobal(node);
    this.openBlock(node, lcurly, `'${node.keyword}'`);
  }

  globalOpen(global: IToken, lcurly: IToken | undefined): void {
    if (inserted(global)) return;
    const headEnd = lcurly && !inserted(lcurly) ? tokEnd(lcurly) : tokEnd(global);
    const node: LighttpdGlobal = {
      kind: "global",
      children: [],
      headRange: this.range(global.startOffset, headEnd),
      closeRange: null,
      range: this.range(global.startOffset, headEnd),
      file: this.source.path,
      parent: this.parent,
    };
    this.openBlock(node, lcurly, "'global'");
  }

  blockClose(rcurly: IToken): void {
    if (inserted(rcurly)) return;
    const range = this.tokRange(rcurly);
    const block = this.stack.pop();
    if (block?.kind === "global") this.openGlobals--;
    if (!block) {
      this.problem("'}' without a block to close", range);
      this.lastClosed = null;
      return;
    }
    block.closeRange = range;
    block.range = this.range(block.headRange.start, range.end);
    this.lastClosed = block.kind === "condition" ? block : null;
  }

  include(keyword: IToken, value: LighttpdValue | undefined): void {
    if (inserted(keyword)) return;
    const node: LighttpdInclude = {
      kind: "include",
      shell: keyword.image === "include_shell",
      value: value ?? null,
      keywordRange: this.tokRange(keyword),
      range: this.range(keyword.startOffset, value ? endOf(value) : tokEnd(keyword)),
      file: this.source.path,
      parent: this.parent,
    };
    if (!value) this.tokenProblem(`expected a file name after ${show(keyword)}`, node.keywordRange);
    if (!value || value.incomplete) node.incomplete = true;
    this.add(node);
  }

  stray(t: IToken): void {
    if (inserted(t)) return;
    this.lastClosed = null;
    const range = this.tokRange(t);
    if (t.tokenType === StringLiteral) {
      const { closed } = t.payload as { closed: boolean };
      if (!closed) this.problem("missing closing quote: the string runs to the end of the file", range);
      else
        this.tokenProblem(
          `unexpected string ${show(t)}: a value follows a name and '=', and strings may be combined with '+' or separated with ',' or '=>' in lists`,
          range,
        );
    } else if (t.tokenType === RParen) this.tokenProblem("')' without a matching '('", range);
    else if (t.tokenType === LCurly) this.tokenProblem("'{' without a condition before it", range);
    else this.tokenProblem(`unexpected ${show(t)}`, range);
  }

  finish(comments: IToken[]): LighttpdFileAst {
    const eof = this.source.text.length;
    while (this.stack.length) {
      const open = this.stack.pop() as LighttpdBlock;
      if (open.kind === "global") this.openGlobals--;
      open.incomplete = true;
      open.range = this.range(open.headRange.start, eof);
      this.problem(`'{' is not closed: the block that starts here runs to the end of the file`, open.headRange);
    }
    for (const c of comments) this.ast.comments.push({ text: c.image, range: this.tokRange(c) });
    return this.ast;
  }
}

function showValue(e: LighttpdArrayEntry, text: string): string {
  const raw = text.slice(e.range.start, e.range.end).split(/[\r\n]/)[0];
  return `'${shown(raw, SHOW_MAX)}'`;
}

/** lighttpd stores a key without a dot as a `var.` key (`myvar` is `var.myvar`). */
export function normalizeKey(name: string): string {
  return name.includes(".") ? name : `var.${name}`;
}
