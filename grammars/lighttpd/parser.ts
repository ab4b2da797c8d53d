/**
 * The lighttpd grammar, after lighttpd's own (src/configparser.y):
 *
 *   varline   := key ("=" | "+=" | ":=") expression
 *   expression:= value ("+" value)*
 *   value     := key | STRING | INTEGER | array
 *   array     := "(" (aelement ("," aelement?)*)? ")"      -- trailing and repeated commas
 *   aelement  := expression ("=>" expression)?
 *   condlines := condline (ELSE ["if"] (condline | "{" metalines "}"))*   -- ELSE: else elif elsif elseif
 *   condline  := ["if"] "$" NAME "[" expression "]" cond expression "{" metalines "}"
 *   cond      := "==" | "!=" | "=~" | "!~" | "=^" | "=$"
 *   global    := "global" "{" metalines "}"
 *   include   := ("include" | "include_shell") expression
 *
 * Blocks are read as a flat sequence of statements, block openings
 * (`$... {`, `else ... {`, `global {`) and block closings (`}`); the tree
 * builder nests them with a stack (./build.ts), so 10,000 nested blocks need no
 * recursion and an unclosed or stray brace becomes one positioned problem.
 * Arrays nest by recursion; ./index.ts cuts arrays nested deeper than
 * MAX_ARRAY_DEPTH before parsing.
 */
import { EmbeddedActionsParser, tokenMatcher, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import type { LighttpdArrayEntry, LighttpdValue } from "../../src/ast/lighttpd.js";
import { shown } from "../../src/source/quote.js";
import { SHOW_MAX } from "../shared/problems.js";
import {
  allTokens,
  Arrow,
  Assign,
  AssignOp,
  Comma,
  CondOp,
  Dollar,
  Else,
  Global,
  If,
  Include,
  IncludeShell,
  Integer,
  Key,
  LBracket,
  LCurly,
  LParen,
  Plus,
  RBracket,
  RCurly,
  RParen,
  Stray,
  StringLiteral,
} from "./tokens.js";

/** Arrays nested deeper than this are reported instead of parsed (the parser recurses on arrays). */
export const MAX_ARRAY_DEPTH = 64;

/** The parts of a condition's test, as tokens and values. */
export interface TestParts {
  dollar: IToken;
  name: IToken | undefined;
  field: LighttpdValue | undefined;
  rbracket: IToken | undefined;
  op: IToken | undefined;
  pattern: LighttpdValue | undefined;
}

/** What the parser hands the tree builder, statement by statement. */
export interface StatementSink {
  /** A statement (not a stray token) starts at `t`. */
  start(t: IToken): void;
  scalar(t: IToken): LighttpdValue | undefined;
  /** The entries and commas between `(` and `)`, in order. */
  array(open: IToken, items: (LighttpdArrayEntry | IToken | undefined)[], close: IToken | undefined): LighttpdValue;
  entry(key: LighttpdValue | undefined, arrow: IToken | undefined, value: LighttpdValue | undefined, start: IToken): LighttpdArrayEntry;
  concat(parts: (LighttpdValue | undefined)[], plusTokens: IToken[]): LighttpdValue | undefined;
  assignment(name: IToken, op: IToken | undefined, value: LighttpdValue | undefined): void;
  conditionOpen(ifTok: IToken | undefined, test: TestParts, lcurly: IToken | undefined): void;
  elseOpen(elseTok: IToken, ifTok: IToken | undefined, test: TestParts | undefined, lcurly: IToken | undefined): void;
  globalOpen(global: IToken, lcurly: IToken | undefined): void;
  blockClose(rcurly: IToken): void;
  include(keyword: IToken, value: LighttpdValue | undefined): void;
  stray(t: IToken): void;
}

interface ExprParts {
  parts: (LighttpdValue | undefined)[];
  plus: IToken[];
}

/**
 * The actions call the sink directly rather than through ACTION(): the sink is
 * null while chevrotain records the grammar, and that is the only time ACTION
 * would skip them (a token is consumed before the sink call, never inside
 * `sink?.(...)`, which would skip the CONSUME while recording). The
 * alternatives and the bodies of the commonest repetitions are built once,
 * not per value as inline literals would be: a 10 MB file has a million
 * tokens, and what the parser allocated per token was most of its time in
 * garbage collection.
 */
export class LighttpdParser extends EmbeddedActionsParser {
  sink: StatementSink | null = null;
  /** The expression being read: its first value, and its parts once a `+` follows (see expression). */
  private exprFirst: LighttpdValue | undefined;
  private exprParts: ExprParts | null = null;

  constructor(validate: boolean) {
    super(allTokens, { recoveryEnabled: true, skipValidations: !validate, errorMessageProvider: messages });
    this.performSelfAnalysis();
  }

  /** Index of the last token consumed (chevrotain's lexer state). */
  consumed(): number {
    return (this as unknown as { exportLexerState(): number }).exportLexerState();
  }

  private readonly statementAlts = [
    { ALT: () => this.SUBRULE(this.assignment) },
    { ALT: () => this.SUBRULE(this.conditionOpen) },
    { ALT: () => this.SUBRULE(this.elseOpen) },
    { ALT: () => this.SUBRULE(this.globalOpen) },
    { ALT: () => this.SUBRULE(this.include) },
    {
      ALT: () => {
        const t = this.CONSUME(RCurly);
        this.sink?.blockClose(t);
      },
    },
    // lighttpd skips a comma outside parentheses.
    { ALT: () => this.CONSUME(Comma) },
    {
      ALT: () => {
        const t = this.CONSUME(Stray);
        this.sink?.stray(t);
      },
    },
  ];
  private readonly oneStatement = () => this.SUBRULE(this.statement);

  config = this.RULE("config", () => {
    this.MANY(this.oneStatement);
  });

  statement = this.RULE("statement", () => {
    const first = this.LA(1);
    if (this.sink && !tokenMatcher(first, Stray) && !tokenMatcher(first, Comma)) this.sink.start(first);
    this.OR(this.statementAlts);
  });

  /** `key = value`, `key += value`, `key := value` */
  assignment = this.RULE("assignment", () => {
    const name = this.CONSUME(Key);
    let op: IToken | undefined;
    let value: LighttpdValue | undefined;
    this.OPTION(() => {
      op = this.CONSUME(AssignOp);
      value = this.OPTION2(this.anExpression);
    });
    this.sink?.assignment(name, op, value);
  });

  /** `[if] $HTTP["host"] == "example.com" {` */
  conditionOpen = this.RULE("conditionOpen", () => {
    const ifTok = this.OPTION(() => this.CONSUME(If));
    const test = this.SUBRULE(this.test);
    const lcurly = this.OPTION2(() => this.CONSUME(LCurly));
    this.sink?.conditionOpen(ifTok, test, lcurly);
  });

  /** `else {`, `else $HTTP[...] ... {`, `else if $...`, `elif $...`, `elsif $...`, `elseif $...` */
  elseOpen = this.RULE("elseOpen", () => {
    const elseTok = this.CONSUME(Else);
    const ifTok = this.OPTION(() => this.CONSUME(If));
    const test = this.OPTION2(() => this.SUBRULE(this.test));
    const lcurly = this.OPTION3(() => this.CONSUME(LCurly));
    this.sink?.elseOpen(elseTok, ifTok, test, lcurly);
  });

  test = this.RULE("test", (): TestParts => {
    const dollar = this.CONSUME(Dollar);
    const name = this.CONSUME(Key);
    this.CONSUME(LBracket);
    const field = this.SUBRULE(this.expression);
    const rbracket = this.CONSUME(RBracket);
    const op = this.CONSUME(CondOp);
    const pattern = this.SUBRULE2(this.expression);
    return { dollar, name, field, rbracket, op, pattern };
  });

  globalOpen = this.RULE("globalOpen", () => {
    const global = this.CONSUME(Global);
    const lcurly = this.OPTION(() => this.CONSUME(LCurly));
    this.sink?.globalOpen(global, lcurly);
  });

  private readonly includeAlts = [{ ALT: () => this.CONSUME(Include) }, { ALT: () => this.CONSUME(IncludeShell) }];

  include = this.RULE("include", () => {
    const keyword = this.OR(this.includeAlts);
    const value = this.OPTION(this.anExpression);
    this.sink?.include(keyword, value);
  });

  private readonly anExpression = () => this.SUBRULE(this.expression);
  private readonly aValue = () => this.SUBRULE2(this.value);
  private readonly onePlus = () => {
    const p = this.CONSUME(Plus);
    const v = this.OPTION(this.aValue);
    const e = (this.exprParts ??= { parts: [this.exprFirst], plus: [] });
    e.plus.push(p);
    e.parts.push(v);
  };

  /**
   * `value + value + ...`. The parts are gathered on the parser (saved and
   * restored around a nested expression, as in an array's entries), and only
   * once a `+` follows: most values stand alone.
   */
  expression = this.RULE("expression", (): LighttpdValue | undefined => {
    const first = this.SUBRULE(this.value);
    const outerFirst = this.exprFirst;
    const outerParts = this.exprParts;
    this.exprFirst = first;
    this.exprParts = null;
    let own: ExprParts | null;
    try {
      this.MANY(this.onePlus);
    } finally {
      own = this.exprParts as ExprParts | null; // set by onePlus, which TypeScript cannot see
      this.exprFirst = outerFirst;
      this.exprParts = outerParts;
    }
    return own ? this.sink?.concat(own.parts, own.plus) : first;
  });

  private readonly valueAlts = [
    {
      ALT: () => {
        const t = this.CONSUME(StringLiteral);
        return this.sink?.scalar(t);
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(Integer);
        return this.sink?.scalar(t);
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(Key);
        return this.sink?.scalar(t);
      },
    },
    { ALT: () => this.SUBRULE(this.array) },
  ];

  value = this.RULE("value", (): LighttpdValue | undefined => this.OR(this.valueAlts));

  private readonly itemAlts = [{ ALT: () => this.SUBRULE(this.entry) }, { ALT: () => this.CONSUME(Comma) }];

  /**
   * `( entry, entry, ... )`. Entries and commas are read as they come and the
   * tree builder checks their order (lighttpd allows trailing and repeated
   * commas after the first entry), so a missing comma is one problem and the
   * rest of the array is still read.
   */
  array = this.RULE("array", (): LighttpdValue | undefined => {
    const open = this.CONSUME(LParen);
    const items: (LighttpdArrayEntry | IToken | undefined)[] = [];
    this.MANY(() => {
      items.push(this.OR(this.itemAlts));
    });
    const close = this.CONSUME(RParen);
    return this.sink?.array(open, items, close);
  });

  private readonly secondExpression = () => this.SUBRULE2(this.expression);
  private readonly arrowValue = (): [IToken, LighttpdValue | undefined] => {
    const arrow = this.CONSUME(Arrow);
    return [arrow, this.OPTION2(this.secondExpression)];
  };

  /** `value` or `key => value` */
  entry = this.RULE("entry", (): LighttpdArrayEntry | undefined => {
    const start = this.LA(1);
    const first = this.SUBRULE(this.expression);
    const pair = this.OPTION(this.arrowValue);
    return pair ? this.sink?.entry(first, pair[0], pair[1], start) : this.sink?.entry(undefined, undefined, first, start);
  });
}

const show = (t: IToken) => (t.tokenType.name === "EOF" ? "the end of the file" : `'${shown(t.image, SHOW_MAX)}'`);
const labelOf = (t: TokenType) => t.LABEL ?? t.name;

/** Messages in lighttpd's terms ("expected ')' but found '"b"'"). */
const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous }) {
    if (actual.tokenType === StringLiteral && previous?.tokenType === StringLiteral)
      return `two strings in a row (${show(previous)} ${show(actual)}): strings may be combined with '+' or separated with ',' or '=>' in lists`;
    if (actual.tokenType === Assign && expected === RParen) return "use '=>' for key-value pairs in a list, not '='";
    return `expected ${labelOf(expected)} but found ${show(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${show(firstRedundant)}`;
  },
  buildNoViableAltMessage({ actual, ruleName }) {
    const t = actual[0];
    if (ruleName === "value") return `expected a value (a string, a number, a variable or '(') but found ${show(t)}`;
    return `unexpected ${show(t)}`;
  },
  buildEarlyExitMessage({ actual }) {
    return `unexpected ${show(actual[0])}`;
  },
};
