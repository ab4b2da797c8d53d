/**
 * Lean implementations of the most numerous AST nodes: arguments and
 * directives keep their start and end offsets and their file's position
 * table, and compute `range` (line and column) when asked. A 10 MB
 * configuration has over a million arguments; a Range object each (and two
 * per directive) was a third of the AST's memory. Rules, fixes and the LSP
 * read `range` and `file` as before (getters on the prototype; a fresh Range
 * per read, equal each time).
 */
import type { Range } from "../core/range.js";
import type { ApacheDirective, ApacheNode, ApacheSection } from "./apache.js";
import type { NginxBlock, NginxDirective, NginxNode } from "./nginx.js";
import type { LighttpdArrayEntry, LighttpdScalar, LighttpdValue } from "./lighttpd.js";
import type { ArgNode, QuoteStyle } from "./types.js";

/** A file's path and its offset -> line/column mapping (a SourceFile). */
export interface Positions {
  readonly path: string;
  range(start: number, end: number): Range;
}

/**
 * An argument as the parsers build it (see ArgNode). It keeps its start
 * offset and its raw text (its end is the start plus the raw length); its
 * quote is the raw text's first character, and its value is the raw text
 * unless a ValueArg says otherwise (quoted, escaped or continued arguments).
 * A value assigned later (the Apache loader's `${VAR}` expansion) becomes the
 * argument's own property.
 */
export class OffsetArg implements ArgNode {
  declare readonly kind: "arg";
  readonly #at: Positions;
  readonly #start: number;

  constructor(
    at: Positions,
    start: number,
    public raw: string,
  ) {
    this.#at = at;
    this.#start = start;
  }

  get range(): Range {
    return this.#at.range(this.#start, this.#start + this.raw.length);
  }

  /** The offsets `range` is computed from (a parser's tree builder reads these, not a whole Range). */
  get startOffset(): number {
    return this.#start;
  }

  get endOffset(): number {
    return this.#start + this.raw.length;
  }

  get file(): string {
    return this.#at.path;
  }

  get quote(): QuoteStyle {
    const c = this.raw.charCodeAt(0);
    return c === 34 ? '"' : c === 39 ? "'" : null;
  }

  get value(): string {
    return this.raw;
  }

  set value(v: string) {
    Object.defineProperty(this, "value", { value: v, writable: true, enumerable: true, configurable: true });
  }
}
Object.defineProperty(OffsetArg.prototype, "kind", { value: "arg", enumerable: true });

/** An argument whose value is not its raw text. */
export class ValueArg extends OffsetArg {
  #value: string;

  constructor(at: Positions, start: number, raw: string, value: string) {
    super(at, start, raw);
    this.#value = value;
  }

  override get value(): string {
    return this.#value;
  }

  override set value(v: string) {
    this.#value = v;
  }
}

/** An argument at `start` with this raw text and value: the quote is the raw text's first character. */
export function offsetArg(at: Positions, start: number, raw: string, value: string): OffsetArg {
  return value === raw ? new OffsetArg(at, start, raw) : new ValueArg(at, start, raw, value);
}

/**
 * A lighttpd scalar (see LighttpdScalar). Its type is its raw text's first
 * character: `"` opens a string, a digit an integer (a lighttpd name never
 * starts with one), anything else is a name.
 */
export class LighttpdScalarArg extends OffsetArg implements LighttpdScalar {
  declare readonly type: LighttpdScalar["type"];
  declare incomplete?: boolean;
}

/** A lighttpd scalar whose value is not its raw text: a string, or a name without a dot (`port` is `var.port`). */
export class LighttpdValueScalarArg extends ValueArg implements LighttpdScalar {
  declare readonly type: LighttpdScalar["type"];
  declare incomplete?: boolean;
}

function scalarType(this: OffsetArg): LighttpdScalar["type"] {
  const c = this.raw.charCodeAt(0);
  return c === 34 ? "string" : c >= 48 && c <= 57 ? "integer" : "ref";
}
for (const c of [LighttpdScalarArg, LighttpdValueScalarArg]) Object.defineProperty(c.prototype, "type", { get: scalarType, enumerable: true });

export function lighttpdScalar(at: Positions, start: number, raw: string, value: string): LighttpdScalarArg | LighttpdValueScalarArg {
  return value === raw ? new LighttpdScalarArg(at, start, raw) : new LighttpdValueScalarArg(at, start, raw, value);
}

/** The start and end offsets of a node and where they lie; `range` and `file` are computed when read. */
export class OffsetRange {
  readonly #at: Positions;
  readonly #start: number;
  readonly #end: number;

  constructor(at: Positions, start: number, end: number) {
    this.#at = at;
    this.#start = start;
    this.#end = end;
  }

  /** The file's position table, for a subclass's other ranges. */
  protected get positions(): Positions {
    return this.#at;
  }

  get range(): Range {
    return this.#at.range(this.#start, this.#end);
  }

  /** The offsets `range` is computed from (a parser's tree builder reads these, not a whole Range). */
  get startOffset(): number {
    return this.#start;
  }

  get endOffset(): number {
    return this.#end;
  }

  get file(): string {
    return this.#at.path;
  }
}

/** A lighttpd array entry (see LighttpdArrayEntry); its `,` is one character, kept as its offset. */
export class LighttpdEntryNode extends OffsetRange implements LighttpdArrayEntry {
  declare readonly kind: "entry";
  declare incomplete?: boolean;
  #comma = -1;

  constructor(
    at: Positions,
    start: number,
    end: number,
    public key: LighttpdValue | null,
    public value: LighttpdValue,
  ) {
    super(at, start, end);
  }

  get comma(): Range | null {
    return this.#comma < 0 ? null : this.positions.range(this.#comma, this.#comma + 1);
  }

  /** The `,` after the entry is at `offset`. */
  commaAt(offset: number): void {
    this.#comma = offset;
  }
}
Object.defineProperty(LighttpdEntryNode.prototype, "kind", { value: "entry", enumerable: true });

/** A node's offsets, and `nameEnd`: the end of its name (nameRange). */
export class OffsetSpan extends OffsetRange {
  readonly #nameEnd: number;

  constructor(at: Positions, start: number, end: number, nameEnd: number) {
    super(at, start, end);
    this.#nameEnd = nameEnd;
  }

  get nameRange(): Range {
    return this.positions.range(this.startOffset, this.#nameEnd);
  }
}

/** An Apache directive (see ApacheDirective). */
export class ApacheDirectiveNode extends OffsetSpan implements ApacheDirective {
  declare readonly kind: "directive";

  constructor(
    at: Positions,
    start: number,
    end: number,
    nameEnd: number,
    public name: string,
    public key: string,
    public args: ArgNode[],
    public parent: ApacheSection | null,
  ) {
    super(at, start, end, nameEnd);
  }
}
Object.defineProperty(ApacheDirectiveNode.prototype, "kind", { value: "directive", enumerable: true });

/**
 * An nginx directive (see NginxDirective). Its name argument is made when
 * asked (rules rarely ask: a finding on the name): the name's offsets, its
 * text and its value are all the directive needs to keep.
 */
export class NginxDirectiveNode implements NginxDirective {
  declare readonly kind: "directive";
  declare incomplete?: boolean;
  readonly #at: Positions & { readonly text: string };
  readonly #start: number;
  readonly #end: number;
  readonly #nameEnd: number;

  constructor(
    at: Positions & { readonly text: string },
    start: number,
    end: number,
    nameEnd: number,
    public name: string,
    public args: ArgNode[],
    public parent: NginxBlock | null,
  ) {
    this.#at = at;
    this.#start = start;
    this.#end = end;
    this.#nameEnd = nameEnd;
  }

  get range(): Range {
    return this.#at.range(this.#start, this.#end);
  }

  get nameRange(): Range {
    return this.#at.range(this.#start, this.#nameEnd);
  }

  get file(): string {
    return this.#at.path;
  }

  get nameArg(): ArgNode {
    return offsetArg(this.#at, this.#start, this.#at.text.slice(this.#start, this.#nameEnd), this.name);
  }
}
Object.defineProperty(NginxDirectiveNode.prototype, "kind", { value: "directive", enumerable: true });

/**
 * Where a section or block lies: its opening part [start, openEnd), its
 * closing part [closeStart, closeEnd) (-1 while open, or never closed) and its
 * end (the closing part's, or the end of the file for one never closed).
 * `range`, `openRange` and `closeRange` are computed when read.
 */
class OffsetBlock {
  readonly #at: Positions;
  readonly #start: number;
  readonly #openEnd: number;
  #closeStart = -1;
  #closeEnd = -1;
  #end: number;

  constructor(at: Positions, start: number, openEnd: number) {
    this.#at = at;
    this.#start = start;
    this.#openEnd = openEnd;
    this.#end = openEnd;
  }

  get range(): Range {
    return this.#at.range(this.#start, this.#end);
  }

  get openRange(): Range {
    return this.#at.range(this.#start, this.#openEnd);
  }

  get closeRange(): Range | null {
    return this.#closeStart < 0 ? null : this.#at.range(this.#closeStart, this.#closeEnd);
  }

  get file(): string {
    return this.#at.path;
  }

  /** Closed by the text [start, end): the block ends there. */
  closeAt(start: number, end: number): void {
    this.#closeStart = start;
    this.#closeEnd = end;
    this.#end = end;
  }

  /** Never closed: the block runs to `end` (the end of the file), without a closing part. */
  runTo(end: number): void {
    this.#closeStart = this.#closeEnd = -1;
    this.#end = end;
  }
}

/** An Apache section (see ApacheSection). */
export class ApacheSectionNode extends OffsetBlock implements ApacheSection {
  declare readonly kind: "section";
  declare incomplete?: boolean;
  children: ApacheNode[] = [];

  constructor(
    at: Positions,
    start: number,
    openEnd: number,
    public name: string,
    public key: string,
    public args: ArgNode[],
    public parent: ApacheSection | null,
  ) {
    super(at, start, openEnd);
  }
}
Object.defineProperty(ApacheSectionNode.prototype, "kind", { value: "section", enumerable: true });

/**
 * An nginx block (see NginxBlock). The name argument is made when asked, as a
 * directive's is; a block opened without a name (a stray `{`) has an empty one.
 */
export class NginxBlockNode extends OffsetBlock implements NginxBlock {
  declare readonly kind: "block";
  declare incomplete?: boolean;
  declare lua?: { text: string; range: Range };
  children: NginxNode[] = [];
  readonly #at: Positions & { readonly text: string };
  readonly #start: number;
  readonly #nameEnd: number;

  constructor(
    at: Positions & { readonly text: string },
    start: number,
    nameEnd: number,
    openEnd: number,
    public name: string,
    public args: ArgNode[],
    public parent: NginxBlock | null,
  ) {
    super(at, start, openEnd);
    this.#at = at;
    this.#start = start;
    this.#nameEnd = nameEnd;
  }

  get nameRange(): Range {
    return this.#at.range(this.#start, this.#nameEnd);
  }

  get nameArg(): ArgNode {
    return offsetArg(this.#at, this.#start, this.#at.text.slice(this.#start, this.#nameEnd), this.name);
  }
}
Object.defineProperty(NginxBlockNode.prototype, "kind", { value: "block", enumerable: true });
