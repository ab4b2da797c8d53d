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
 *
 * (`item` is the OR inside `config`; the arguments are a MANY inside each
 * statement rule: a rule invocation per statement and per item costs more
 * than the grammar gains from naming them.)
 */
import { EmbeddedActionsParser, type IToken } from "chevrotain";
import { allTokens, Arg, BlockClose, BlockOpen, DirectiveName, LuaBlockBody, LuaBlockName, Semicolon, StrayPunct } from "./tokens.js";

/** What the parser hands the tree builder. */
export interface StatementSink {
  /** `end` is `;`, `{` or a Lua body; undefined when missing (then `next` is what came instead). */
  statement(name: IToken, args: IToken[], end: IToken | undefined, next: IToken): void;
  close(close: IToken): void;
  stray(token: IToken): void;
}

/**
 * The actions call the sink directly rather than through ACTION(): the sink is
 * null while chevrotain records the grammar, and that is the only time ACTION
 * would skip them. The alternatives and repetition bodies are built once (not
 * per statement, as inline literals would be) to keep allocation per token low.
 */
export class NginxParser extends EmbeddedActionsParser {
  sink: StatementSink | null = null;
  /** The arguments of the statement being read (set by `statement`/`luaBlock` before their MANY). */
  private argList: IToken[] = [];

  constructor(validate: boolean) {
    super(allTokens, { recoveryEnabled: true, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  private readonly oneArg = () => {
    this.argList.push(this.CONSUME(Arg));
  };

  private readonly itemAlts = [
    { ALT: () => this.SUBRULE(this.statement) },
    { ALT: () => this.SUBRULE(this.luaBlock) },
    {
      ALT: () => {
        const t = this.CONSUME(BlockClose); // not inside `sink?.(...)`: the sink is null while recording
        this.sink?.close(t);
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(StrayPunct);
        this.sink?.stray(t);
      },
    },
  ];
  private readonly statementEnds = [{ ALT: () => this.CONSUME(Semicolon) }, { ALT: () => this.CONSUME(BlockOpen) }];
  private readonly statementEnd = () => this.OR(this.statementEnds);
  private readonly luaEnds = [{ ALT: () => this.CONSUME(LuaBlockBody) }, { ALT: () => this.CONSUME1(Semicolon) }];
  private readonly luaEnd = () => this.OR(this.luaEnds);
  private readonly oneItem = () => this.OR(this.itemAlts);

  config = this.RULE("config", () => {
    this.MANY(this.oneItem);
  });

  /** `name args ;` or `name args {` */
  statement = this.RULE("statement", () => {
    const name = this.CONSUME(DirectiveName);
    const args = (this.argList = []);
    this.MANY(this.oneArg);
    const end = this.OPTION(this.statementEnd);
    this.sink?.statement(name, args, end, this.LA(1));
  });

  /** `content_by_lua_block { ... }`, `set_by_lua_block $v { ... }` */
  luaBlock = this.RULE("luaBlock", () => {
    const name = this.CONSUME(LuaBlockName);
    const args = (this.argList = []);
    this.MANY(this.oneArg);
    const end = this.OPTION(this.luaEnd);
    this.sink?.statement(name, args, end, this.LA(1));
  });
}
