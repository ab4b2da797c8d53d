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
import type { ApacheDirective, ApacheSection } from "./apache.js";
import type { NginxBlock, NginxDirective } from "./nginx.js";
import type { ArgNode, QuoteStyle } from "./types.js";

/** A file's path and its offset -> line/column mapping (a SourceFile). */
export interface Positions {
  readonly path: string;
  range(start: number, end: number): Range;
}

/** An argument as the parsers build it (see ArgNode). */
export class OffsetArg implements ArgNode {
  declare readonly kind: "arg";
  readonly #at: Positions;
  readonly #start: number;
  readonly #end: number;

  constructor(
    at: Positions,
    start: number,
    end: number,
    public raw: string,
    public value: string,
    public quote: QuoteStyle,
  ) {
    this.#at = at;
    this.#start = start;
    this.#end = end;
  }

  get range(): Range {
    return this.#at.range(this.#start, this.#end);
  }

  get file(): string {
    return this.#at.path;
  }
}
Object.defineProperty(OffsetArg.prototype, "kind", { value: "arg", enumerable: true });

/** The start and end offsets of a node and where they lie; `nameEnd`: the end of its name (nameRange). */
export class OffsetSpan {
  readonly #at: Positions;
  readonly #start: number;
  readonly #end: number;
  readonly #nameEnd: number;

  constructor(at: Positions, start: number, end: number, nameEnd: number) {
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
    const raw = this.#at.text.slice(this.#start, this.#nameEnd);
    const q = raw[0];
    return new OffsetArg(this.#at, this.#start, this.#nameEnd, raw, this.name, q === '"' || q === "'" ? q : null);
  }
}
Object.defineProperty(NginxDirectiveNode.prototype, "kind", { value: "directive", enumerable: true });
