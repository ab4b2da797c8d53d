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

export class ApacheParser extends EmbeddedActionsParser {
  sink: LineSink | null = null;

  constructor(validate: boolean) {
    super(allTokens, { recoveryEnabled: true, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  config = this.RULE("config", () => {
    this.MANY(() => this.SUBRULE(this.line));
  });

  line = this.RULE("line", () => {
    this.OR([{ ALT: () => this.SUBRULE(this.directive) }, { ALT: () => this.SUBRULE(this.sectionOpen) }, { ALT: () => this.SUBRULE(this.sectionClose) }]);
  });

  /** `Name arg arg ...` */
  directive = this.RULE("directive", () => {
    const name = this.CONSUME(DirectiveName);
    const args = this.SUBRULE(this.args);
    const end = this.OPTION(() => this.CONSUME(LineEnd));
    this.ACTION(() => this.sink?.directive(name, args, end));
  });

  /** `<Name arg ...>`; text after the last `>` is ignored by httpd. */
  sectionOpen = this.RULE("sectionOpen", () => {
    const open = this.CONSUME(SectionOpen);
    const args = this.SUBRULE1(this.args);
    const gt = this.OPTION(() => this.CONSUME(SectionEnd));
    const trailing = this.SUBRULE2(this.args);
    this.OPTION2(() => this.CONSUME(LineEnd));
    this.ACTION(() => this.sink?.sectionOpen(open, args, gt, trailing));
  });

  /** `</Name>`; httpd ignores anything after the first word. */
  sectionClose = this.RULE("sectionClose", () => {
    const close = this.CONSUME(SectionClose);
    const rest = this.SUBRULE(this.args);
    this.OPTION(() => this.CONSUME(LineEnd));
    this.ACTION(() => this.sink?.sectionClose(close, rest));
  });

  args = this.RULE("args", () => {
    const out: IToken[] = [];
    this.MANY(() => {
      const t = this.OR([{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME(Quoted) }]);
      this.ACTION(() => out.push(t));
    });
    return out;
  });
}
