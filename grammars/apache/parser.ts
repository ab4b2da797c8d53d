/**
 * The Apache grammar, read as httpd reads it: a flat sequence of logical lines,
 * each a directive, a section opening tag or a section closing tag. Nesting is
 * built by the actions with a stack (see ./build.ts), as httpd's
 * ap_build_config_sub does, which turns unclosed, mismatched and stray
 * sections into positioned problems with trivial recovery.
 */
import { EmbeddedActionsParser, type IToken } from "chevrotain";
import { allTokens, DirectiveName, LineEnd, Quoted, SectionClose, SectionEnd, SectionOpen, Word } from "./tokens.js";

/** What the parser hands the tree builder for each logical line. */
export interface LineSink {
  directive(name: IToken, args: IToken[], end: IToken | undefined): void;
  sectionOpen(open: IToken, args: IToken[], gt: IToken | undefined, trailing: IToken[]): void;
  sectionClose(close: IToken, rest: IToken[]): void;
}

/**
 * The actions call the sink directly rather than through ACTION(): the sink is
 * null while chevrotain records the grammar, and that is the only time ACTION
 * would skip them. The alternatives and repetition bodies are built once (not
 * per line and per argument, as inline literals would be): what the parser
 * allocated per token was a large part of a big file's time in garbage
 * collection.
 */
export class ApacheParser extends EmbeddedActionsParser {
  sink: LineSink | null = null;
  /** The arguments being read (a fresh list per `args`). */
  private argList: IToken[] = [];

  constructor(validate: boolean) {
    super(allTokens, { recoveryEnabled: true, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  private readonly oneLine = () => this.SUBRULE(this.line);
  private readonly lineAlts = [
    { ALT: () => this.SUBRULE(this.directive) },
    { ALT: () => this.SUBRULE(this.sectionOpen) },
    { ALT: () => this.SUBRULE(this.sectionClose) },
  ];
  private readonly lineEnd = () => this.CONSUME(LineEnd);
  private readonly sectionEnd = () => this.CONSUME(SectionEnd);
  private readonly argAlts = [{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME(Quoted) }];
  private readonly oneArg = () => {
    this.argList.push(this.OR(this.argAlts));
  };

  config = this.RULE("config", () => {
    this.MANY(this.oneLine);
  });

  line = this.RULE("line", () => {
    this.OR(this.lineAlts);
  });

  /** `Name arg arg ...` */
  directive = this.RULE("directive", () => {
    const name = this.CONSUME(DirectiveName);
    const args = this.SUBRULE(this.args);
    const end = this.OPTION(this.lineEnd);
    this.sink?.directive(name, args, end);
  });

  /** `<Name arg ...>`; text after the last `>` is ignored by httpd. */
  sectionOpen = this.RULE("sectionOpen", () => {
    const open = this.CONSUME(SectionOpen);
    const args = this.SUBRULE1(this.args);
    const gt = this.OPTION(this.sectionEnd);
    const trailing = this.SUBRULE2(this.args);
    this.OPTION2(this.lineEnd);
    this.sink?.sectionOpen(open, args, gt, trailing);
  });

  /** `</Name>`; httpd ignores anything after the first word. */
  sectionClose = this.RULE("sectionClose", () => {
    const close = this.CONSUME(SectionClose);
    const rest = this.SUBRULE(this.args);
    this.OPTION(this.lineEnd);
    this.sink?.sectionClose(close, rest);
  });

  args = this.RULE("args", () => {
    const out = (this.argList = []);
    this.MANY(this.oneArg);
    return out;
  });
}
