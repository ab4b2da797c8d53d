/**
 * Builds the nginx AST from the parser's statements, nesting blocks with a
 * stack as ngx_conf_parse does, and recording the problems nginx stops at:
 * a directive not ended by `;` (before `}`, at the end of the file, or
 * running into the next line's directive), `}` without a block, `{` or `;`
 * without a name, an unclosed block or quote, and a character glued to a
 * closing quote.
 */
import type { IToken } from "chevrotain";
import type { NginxBlock, NginxDirective, NginxFileAst, NginxNode } from "../../src/ast/nginx.js";
import type { ArgNode } from "../../src/ast/types.js";
import type { Range } from "../../src/core/range.js";
import { NginxBlockNode, NginxDirectiveNode, offsetArg } from "../../src/ast/nodes.js";
import type { SourceFile } from "../../src/source/source-file.js";
import { shown } from "../../src/source/quote.js";
import { KEY_VALUE_BLOCKS, NGINX_DIRECTIVES, NGINX_MAX_ARGS } from "./directives.js";
import type { LuaBlockPayload } from "./lua-block.js";
import { intern } from "../shared/intern.js";
import type { StatementSink } from "./parser.js";
import { LuaBlockBody } from "./tokens.js";

const end = (t: IToken) => t.startOffset + t.image.length;
const isQuoted = (t: IToken) => {
  const c = t.image.charCodeAt(0);
  return c === 34 || c === 39;
};
/** A quoted image ends with its opening quote, unescaped. */
const quoteClosed = (image: string) => image.length >= 2 && image.charCodeAt(image.length - 1) === image.charCodeAt(0) && !endsEscaped(image);

/** A token's value as nginx reads it (quotes removed, escapes applied), without building its node. */
function tokenValue(t: IToken): string {
  if (!isQuoted(t)) return unescapeNginx(t.image);
  return unescapeNginx(t.image.slice(1, quoteClosed(t.image) ? -1 : undefined));
}

/** nginx's unescaping (ngx_conf_read_token): `\"`, `\'`, `\\` lose the backslash; `\t`, `\r`, `\n` are control characters. */
export function unescapeNginx(s: string): string {
  if (!s.includes("\\")) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\" && i + 1 < s.length) {
      const n = s[i + 1];
      if (n === '"' || n === "'" || n === "\\") {
        out += n;
        i++;
        continue;
      }
      if (n === "t" || n === "r" || n === "n") {
        out += n === "t" ? "\t" : n === "r" ? "\r" : "\n";
        i++;
        continue;
      }
    }
    out += c;
  }
  return out;
}

const show = (c: string) => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : c);

export class TreeBuilder implements StatementSink {
  readonly ast: NginxFileAst;
  private stack: NginxBlockNode[] = [];
  /** The file ended inside an unterminated quote: the blocks left open are its consequence, not more errors. */
  private eofInQuote = false;

  constructor(private source: SourceFile) {
    this.ast = { kind: "file", dialect: "nginx", file: source.path, children: [], comments: [], problems: [] };
  }

  private problem(message: string, range: Range) {
    this.ast.problems.push({ message, range, file: this.source.path });
  }

  private add(node: NginxNode) {
    const top = this.stack[this.stack.length - 1];
    if (top) top.children.push(node);
    else this.ast.children.push(node);
  }

  private readonly argOf = (t: IToken) => this.arg(t);

  private arg(t: IToken): ArgNode {
    const image = intern(t.image);
    const quoted = isQuoted(t);
    const start = t.startOffset;
    const value = quoted ? unescapeNginx(image.slice(1, quoteClosed(image) ? -1 : undefined)) : unescapeNginx(image);
    // The quote is the image's first character (see isQuoted).
    return offsetArg(this.source, start, image, value === image ? image : intern(value));
  }

  /** Problems of one token: an unterminated quote, a character glued to a closing quote. */
  private checkToken(t: IToken) {
    if (!isQuoted(t)) return;
    if (!quoteClosed(t.image)) {
      this.problem(
        `unterminated ${t.image[0] === '"' ? "double" : "single"} quote: nginx reads the rest of the file as this string`,
        this.source.range(t.startOffset, t.startOffset + 1),
      );
      return;
    }
    const e = end(t);
    const c = this.source.text[e];
    if (c === undefined || c === " " || c === "\t" || c === "\r" || c === "\n" || c === ";" || c === "{" || c === ")" || c === "}") return;
    this.problem(`unexpected "${show(c)}" after a closing quote: nginx needs a blank, ";" or "{" there`, this.source.range(e, e + 1));
  }

  statement(name: IToken, args: IToken[], endTok: IToken | undefined, next: IToken): void {
    this.checkToken(name);
    for (let i = 0; i < args.length; i++) this.checkToken(args[i]);
    // A directive name at the start of a line inside the arguments: the `;` before it is missing.
    const parent = this.stack[this.stack.length - 1];
    const keyValue = parent && KEY_VALUE_BLOCKS.has(parent.name);
    for (;;) {
      const nameValue = tokenValue(name);
      const split = keyValue || nameValue.endsWith("_by_lua_block") ? 0 : this.missingSemicolonAt(name, args);
      if (split === 0) break;
      const before = args.slice(0, split - 1);
      const last = before.length ? before[before.length - 1] : name;
      const node = this.directive(name, before, undefined);
      node.incomplete = true;
      const runInto = args[split - 1];
      this.problem(
        `"${shown(nameValue)}" is not terminated by ";" before "${shown(runInto.image)}" on line ${this.source.position(runInto.startOffset).line}`,
        this.source.range(last.startOffset, end(last)),
      );
      name = runInto;
      args = args.slice(split);
    }
    this.statementNoCheck(name, args, endTok, next);
  }

  /**
   * Index (1-based into args) of an unquoted argument that starts a line and
   * names a known directive, when the directive has more arguments than nginx
   * accepts (so nginx rejects it too) and some before that name; 0 if none.
   */
  private missingSemicolonAt(name: IToken, args: IToken[]): number {
    const max = NGINX_MAX_ARGS.get(name.image);
    if (max === undefined || args.length <= max) return 0;
    let prev = name;
    for (let i = 0; i < args.length; i++) {
      const t = args[i];
      if (!isQuoted(t) && NGINX_DIRECTIVES.has(t.image) && i > 0 && this.startsLine(t, prev)) return i + 1;
      prev = t;
    }
    return 0;
  }

  /** Whether only blanks and comments separate `t` from the line break after `prev`. */
  private startsLine(t: IToken, prev: IToken): boolean {
    const text = this.source.text;
    const lineStart = text.lastIndexOf("\n", t.startOffset - 1);
    if (lineStart < end(prev)) return false;
    return /^[ \t\r]*$/.test(text.slice(lineStart + 1, t.startOffset));
  }

  private statementNoCheck(name: IToken, args: IToken[], endTok: IToken | undefined, next: IToken) {
    if (endTok && endTok.tokenType === LuaBlockBody) {
      this.luaBlock(name, args, endTok);
      return;
    }
    if (endTok && endTok.image === "{") {
      this.openBlock(name, args, endTok);
      return;
    }
    const node = this.directive(name, args, endTok);
    if (endTok) return;
    node.incomplete = true;
    const nameValue = node.name;
    const last = args.length ? args[args.length - 1] : name;
    const lastQuoteOpen = isQuoted(last) && !quoteClosed(last.image);
    const line = this.source.position(name.startOffset).line;
    if (Number.isNaN(next.startOffset) || next.startOffset === undefined) {
      const eof = this.source.text.length;
      if (lastQuoteOpen) this.eofInQuote = true;
      this.problem(
        lastQuoteOpen
          ? `unexpected end of file inside a quoted string of "${shown(nameValue)}" on line ${line}`
          : `unexpected end of file, expecting ";" or "}": "${shown(nameValue)}" on line ${line} is not terminated by ";"`,
        this.source.range(eof, eof),
      );
    } else {
      this.problem(
        `unexpected "${shown(next.image)}": "${shown(nameValue)}" on line ${line} is not terminated by ";"`,
        this.source.range(next.startOffset, end(next)),
      );
    }
  }

  private directive(name: IToken, args: IToken[], endTok: IToken | undefined): NginxDirective {
    const last = endTok ?? (args.length ? args[args.length - 1] : name);
    // The name's value as an argument would have it (unquoted, unescaped); the argument itself is made on demand.
    const nameValue = this.arg(name).value;
    // map, not push: an array grown by push keeps room for 16 more elements, and there are many
    const node: NginxDirective = new NginxDirectiveNode(
      this.source,
      name.startOffset,
      end(last),
      end(name),
      nameValue,
      args.map(this.argOf),
      this.stack[this.stack.length - 1] ?? null,
    );
    this.add(node);
    return node;
  }

  private newBlock(name: IToken | null, args: IToken[], open: IToken): NginxBlockNode {
    const start = name ? name.startOffset : open.startOffset;
    return new NginxBlockNode(
      this.source,
      start,
      name ? end(name) : start,
      end(open),
      name ? this.arg(name).value : "",
      args.map(this.argOf),
      this.stack[this.stack.length - 1] ?? null,
    );
  }

  private openBlock(name: IToken | null, args: IToken[], open: IToken) {
    const block = this.newBlock(name, args, open);
    this.add(block);
    this.stack.push(block);
    return block;
  }

  private luaBlock(name: IToken, args: IToken[], body: IToken) {
    const block = this.newBlock(name, args, { ...body, image: "{" } as IToken);
    const closed = (body.payload as LuaBlockPayload | undefined)?.closed ?? true;
    const inner = closed ? body.image.slice(1, -1) : body.image.slice(1);
    block.lua = { text: inner, range: this.source.range(body.startOffset + 1, body.startOffset + 1 + inner.length) };
    if (closed) block.closeAt(end(body) - 1, end(body));
    else {
      block.runTo(end(body));
      block.incomplete = true;
      const eof = this.source.text.length;
      this.problem(
        `unexpected end of file, expecting "}" to close the Lua code of "${shown(block.name)}" on line ${block.openRange.line}`,
        this.source.range(eof, eof),
      );
    }
    this.add(block);
  }

  close(t: IToken): void {
    const top = this.stack.pop();
    if (!top) {
      this.problem(`unexpected "}": no block is open here`, this.source.range(t.startOffset, end(t)));
      return;
    }
    top.closeAt(t.startOffset, end(t));
    // Exactly as long as it is: an array grown by push keeps room for more (16 elements and up), and there is one per block.
    top.children = top.children.slice();
  }

  stray(t: IToken): void {
    const range = this.source.range(t.startOffset, end(t));
    this.problem(`unexpected "${shown(t.image)}": a directive name must come first`, range);
    if (t.image === "{") this.openBlock(null, [], t).incomplete = true;
  }

  comment(c: IToken): void {
    this.ast.comments.push({ text: c.image, range: this.source.range(c.startOffset, end(c)) });
  }

  finish(): NginxFileAst {
    if (this.stack.length && this.eofInQuote) {
      const eof = this.source.text.length;
      for (const b of this.stack.splice(0)) {
        b.incomplete = true;
        b.runTo(eof);
      }
    }
    if (this.stack.length) {
      const eof = this.source.text.length;
      const inner = this.stack[this.stack.length - 1];
      const what = (b: NginxBlock) => (b.name ? `"${shown(b.name)}"` : "the block");
      this.problem(`unexpected end of file, expecting "}": ${what(inner)} opened on line ${inner.openRange.line} is not closed`, this.source.range(eof, eof));
      this.problem(`${what(inner)} block is never closed: nginx expects a "}" for this "{"`, inner.openRange);
      while (this.stack.length) {
        const b = this.stack.pop() as NginxBlockNode;
        b.incomplete = true;
        b.runTo(eof);
      }
    }
    return this.ast;
  }
}

/** Whether a quoted image's final quote is escaped (`"abc\"`): an odd run of backslashes before it. */
function endsEscaped(image: string): boolean {
  let n = 0;
  for (let i = image.length - 2; i >= 1 && image[i] === "\\"; i--) n++;
  return n % 2 === 1;
}
