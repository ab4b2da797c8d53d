/**
 * The nginx grammar, read as ngx_conf_parse reads it: a sequence of
 * statements, each a name and arguments ended by `;` (a directive), `{` (a
 * block opens) or a Lua body, and `}` (a block closes). Nesting is built by
 * the actions with a stack (./build.ts), which turns a missing `;` or `}`, a
 * stray `}` or an unterminated quote into a positioned problem with trivial
 * recovery, while the parser itself never loses its place.
 *
 *   config     := item*
 *   item       := statement | luaBlock | "}" | stray
 *   statement  := DirectiveName Arg* (";" | "{")?
 *   luaBlock   := LuaBlockName Arg* (LuaBlockBody | ";")?
 */
import { EmbeddedActionsParser, type IToken } from "chevrotain";
import {
  allTokens, Arg, BlockClose, BlockOpen, DirectiveName, LuaBlockBody, LuaBlockName, Semicolon, StrayPunct,
} from "./tokens.js";

/** What the parser hands the tree builder. */
export interface StatementSink {
  /** `end` is `;`, `{` or a Lua body; undefined when missing (then `next` is what came instead). */
  statement(name: IToken, args: IToken[], end: IToken | undefined, next: IToken): void;
  close(close: IToken): void;
  stray(token: IToken): void;
}

export class NginxParser extends EmbeddedActionsParser {
  sink: StatementSink | null = null;

  constructor(validate: boolean) {
    super(allTokens, { recoveryEnabled: true, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  config = this.RULE("config", () => {
    this.MANY(() => this.SUBRULE(this.item));
  });

  item = this.RULE("item", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.statement) },
      { ALT: () => this.SUBRULE(this.luaBlock) },
      {
        ALT: () => {
          const t = this.CONSUME(BlockClose);
          this.ACTION(() => this.sink?.close(t));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(StrayPunct);
          this.ACTION(() => this.sink?.stray(t));
        },
      },
    ]);
  });

  /** `name args ;` or `name args {` */
  statement = this.RULE("statement", () => {
    const name = this.CONSUME(DirectiveName);
    const args = this.SUBRULE(this.args);
    const end = this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(Semicolon) }, { ALT: () => this.CONSUME(BlockOpen) }]));
    this.ACTION(() => this.sink?.statement(name, args, end, this.LA(1)));
  });

  /** `content_by_lua_block { ... }`, `set_by_lua_block $v { ... }` */
  luaBlock = this.RULE("luaBlock", () => {
    const name = this.CONSUME(LuaBlockName);
    const args = this.SUBRULE1(this.args);
    const end = this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(LuaBlockBody) }, { ALT: () => this.CONSUME1(Semicolon) }]));
    this.ACTION(() => this.sink?.statement(name, args, end, this.LA(1)));
  });

  args = this.RULE("args", () => {
    const out: IToken[] = [];
    this.MANY(() => {
      const t = this.CONSUME(Arg);
      this.ACTION(() => out.push(t));
    });
    return out;
  });
}
