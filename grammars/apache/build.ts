/**
 * Builds the Apache AST from the parser's lines, nesting sections with a stack
 * as httpd does, and recording the problems httpd would stop at.
 */
import type { IToken } from "chevrotain";
import type { ApacheDirective, ApacheFileAst, ApacheNode, ApacheSection } from "../../src/ast/apache.js";
import type { ArgNode } from "../../src/ast/types.js";
import { ApacheDirectiveNode, ApacheSectionNode, offsetArg } from "../../src/ast/nodes.js";
import type { Range } from "../../src/core/range.js";
import type { SourceFile } from "../../src/source/source-file.js";
import { shown } from "../../src/source/quote.js";
import { intern, internLower } from "../shared/intern.js";
import type { LineSink } from "./parser.js";

/** Exclusive end offset (chevrotain tracks only start offsets in "onlyOffset" mode). */
const end = (t: IToken) => t.startOffset + t.image.length;

/** What a macro body does to the nesting when it is used: mod_macro bodies need not be balanced. */
type MacroEffect = { op: "open" | "close"; name: string; key: string }[];

/** Sections a file's `Use` lines may open or close in all: a macro used over and over must not grow without bound. */
const MAX_MACRO_STEPS = 10_000;

export class TreeBuilder implements LineSink {
  readonly ast: ApacheFileAst;
  private stack: ApacheSection[] = [];
  /** Where each section key stands in the stack (ascending): finding an open section never scans the stack. */
  private depths = new Map<string, number[]>();
  private macros = new Map<string, MacroEffect>();
  /** Net effect of the macro body being read, when inside `<Macro>`. */
  private macroBody: MacroEffect | null = null;
  /** `</A> </B>` on one line: httpd ignores `</B>`; remembered to explain the unclosed `<B>` that follows. */
  private ignoredCloses = new Map<string, number>();
  /** Opens and closes replayed by `Use` so far (see MAX_MACRO_STEPS). */
  private macroSteps = 0;

  constructor(private source: SourceFile) {
    this.ast = { kind: "file", dialect: "apache", file: source.path, children: [], comments: [], problems: [] };
  }

  private problem(message: string, range: Range, unclosed?: ApacheSection) {
    this.ast.problems.push(unclosed ? { message, range, file: this.source.path, unclosed } : { message, range, file: this.source.path });
  }

  private add(node: ApacheNode) {
    const top = this.stack[this.stack.length - 1];
    if (top) top.children.push(node);
    else this.ast.children.push(node);
  }

  private arg(t: IToken): ArgNode {
    const payload = t.payload as string | { value: string; closed: boolean };
    const quoted = typeof payload === "object";
    const raw = intern(t.image);
    const value = quoted ? payload.value : payload === undefined || payload === t.image ? raw : payload;
    // The quote is the raw text's first character: a word never starts with one (the quoted pattern comes first).
    return offsetArg(this.source, t.startOffset, raw, value);
  }

  directive(name: IToken, args: IToken[], _end: IToken | undefined): void {
    const last = args.length ? args[args.length - 1] : name;
    const value = intern((name.payload as string | undefined) ?? name.image);
    const node: ApacheDirective = new ApacheDirectiveNode(
      this.source,
      name.startOffset,
      end(last),
      end(name),
      value,
      internLower(value),
      args.map((a) => this.arg(a)),
      this.stack[this.stack.length - 1] ?? null,
    );
    this.add(node);
    if (node.key === "use" && !this.macroBody && node.args[0]) this.applyMacro(node);
  }

  /** `Use name`: replay the macro body's unbalanced opens and closes. */
  private applyMacro(use: ApacheDirective) {
    const effect = this.macros.get(use.args[0].value.toLowerCase());
    if (!effect?.length) return;
    if (this.macroSteps + effect.length > MAX_MACRO_STEPS) {
      if (this.macroSteps <= MAX_MACRO_STEPS)
        this.problem(
          `Use ${shown(use.args[0].value)}: the macros used in this file would open or close more than ${MAX_MACRO_STEPS} sections in all; their nesting is not followed from here`,
          use.range,
        );
      this.macroSteps = MAX_MACRO_STEPS + 1;
      return;
    }
    this.macroSteps += effect.length;
    for (const step of effect) {
      if (step.op === "open") {
        const at = use.range;
        const synthetic = new ApacheSectionNode(this.source, at.start, at.end, step.name, step.key, [], this.stack[this.stack.length - 1] ?? null);
        synthetic.incomplete = true;
        this.add(synthetic);
        this.push(synthetic);
      } else {
        this.closeByName(step.name, step.key, use.range);
      }
    }
  }

  private push(section: ApacheSection) {
    const at = this.depths.get(section.key);
    if (at) at.push(this.stack.length);
    else this.depths.set(section.key, [this.stack.length]);
    this.stack.push(section);
  }

  /** The innermost open section with this key, or -1. */
  private innermost(key: string): number {
    const at = this.depths.get(key);
    return at?.length ? at[at.length - 1] : -1;
  }

  /** The outermost open section with this key, or -1. */
  private outermost(key: string): number {
    const at = this.depths.get(key);
    return at?.length ? at[0] : -1;
  }

  private macroIndex(): number {
    return this.innermost("macro");
  }

  sectionOpen(open: IToken, args: IToken[], gt: IToken | undefined, trailing: IToken[]): void {
    const name = intern(open.image.slice(1));
    const lastTok = trailing.length ? trailing[trailing.length - 1] : (gt ?? (args.length ? args[args.length - 1] : open));
    const section = new ApacheSectionNode(
      this.source,
      open.startOffset,
      end(lastTok),
      name,
      internLower(name),
      args.map((a) => this.arg(a)),
      this.stack[this.stack.length - 1] ?? null,
    );
    if (!gt) {
      section.incomplete = true;
      this.problem(`<${shown(name)}> directive missing closing '>'`, section.openRange);
    }
    this.add(section);
    this.push(section);
    if (section.key === "macro" && !this.macroBody) this.macroBody = [];
  }

  sectionClose(close: IToken, rest: IToken[]): void {
    const range = this.source.range(close.startOffset, end(close));
    for (const t of rest) {
      const m = /^<\/([^\s>]+)>?$/.exec(t.image);
      if (m) this.ignoredCloses.set(m[1].toLowerCase(), range.line);
    }
    const image = close.image;
    let name = image.slice(2);
    if (name.endsWith(">")) name = name.slice(0, -1);
    else this.problem(`</${shown(name)}> directive missing closing '>'`, range);
    const key = name.toLowerCase();
    if (this.macroBody) {
      this.closeInMacro(name, key, range);
      return;
    }
    this.closeByName(name, key, range);
  }

  /** Inside a macro body, sections are recorded but their balance is the macro's business. */
  private closeInMacro(name: string, key: string, range: Range) {
    const m = this.macroIndex();
    const body = this.macroBody as MacroEffect;
    if (key === "macro") {
      const opened: MacroEffect = [];
      while (this.stack.length > m + 1) {
        const open = this.stack[this.stack.length - 1];
        opened.push({ op: "open", name: open.name, key: open.key });
        this.close(open, range);
      }
      const effect = [...opened.reverse(), ...body];
      const macro = this.stack[m];
      this.close(macro, range);
      if (macro.args[0])
        this.macros.set(macro.args[0].value.toLowerCase(), [...effect.filter((s) => s.op === "close"), ...effect.filter((s) => s.op === "open")]);
      this.macroBody = this.macroIndex() >= 0 ? [] : null;
      return;
    }
    const i = this.innermost(key);
    if (i > m) {
      while (this.stack.length > i) this.close(this.stack[this.stack.length - 1], range);
      return;
    }
    body.push({ op: "close", name, key });
  }

  private closeByName(name: string, key: string, range: Range) {
    const top = this.stack[this.stack.length - 1];
    if (top && top.key === key) {
      this.close(top, range);
      return;
    }
    const depth = this.outermost(key);
    if (depth < 0) {
      this.problem(
        top
          ? `</${shown(name)}> without matching <${shown(name)}> section: expected </${shown(top.name)}>`
          : `</${shown(name)}> without matching <${shown(name)}> section`,
        range,
      );
      return;
    }
    // Mismatched: close the inner sections (reported) up to the matching one.
    while (this.stack.length > depth + 1) {
      const inner = this.stack[this.stack.length - 1];
      this.problem(`expected </${shown(inner.name)}> but saw </${shown(name)}>: <${shown(inner.name)}> on line ${inner.openRange.line} is not closed`, range);
      inner.incomplete = true;
      this.close(inner, range);
    }
    this.close(this.stack[this.stack.length - 1], range);
  }

  /** Pops the innermost section (`section`), closed by the text at `closeRange` (or, without, running to the end of the file). */
  private close(section: ApacheSection, closeRange: Range | null) {
    const top = this.stack.pop();
    if (top) this.depths.get(top.key)?.pop();
    const node = section as ApacheSectionNode;
    if (closeRange) node.closeAt(closeRange.start, closeRange.end);
    else node.runTo(this.source.text.length);
    // Exactly as long as it is: an array grown by push keeps room for more (16 elements and up), and there is one per section.
    node.children = node.children.slice();
  }

  comment(c: IToken): void {
    this.ast.comments.push({ text: c.image, range: this.source.range(c.startOffset, end(c)) });
  }

  finish(): ApacheFileAst {
    // The outermost open <Macro> (the stack only shrinks from here): found once, not per section.
    const outerMacro = this.outermost("macro");
    while (this.stack.length) {
      const open = this.stack[this.stack.length - 1];
      const insideMacro = outerMacro >= 0 && outerMacro < this.stack.length - 1;
      const ignored = this.ignoredCloses.get(open.key);
      const hint = ignored ? ` (httpd ignores the </${shown(open.name)}> after the first word on line ${ignored}: put it on its own line)` : "";
      if (!insideMacro) this.problem(`<${shown(open.name)}> was not closed${hint}`, open.openRange, open);
      open.incomplete = true;
      this.close(open, null);
    }
    return this.ast;
  }
}
