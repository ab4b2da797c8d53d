/** parseLighttpd: text -> LighttpdFileAst. The lexer and parser are built once per process, on first use. */
import { Lexer, tokenMatcher, type ILexingError, type IRecognitionException, type IToken } from "chevrotain";
import type { LighttpdFileAst, LighttpdStatement } from "../../src/ast/lighttpd.js";
import type { SyntaxProblem } from "../../src/core/problems.js";
import { SourceFile } from "../../src/source/source-file.js";
import { CHUNK, pieces, type Tokenizer } from "../shared/parse.js";
import { bomProblem, lexingProblem, parsingProblem } from "../shared/problems.js";
import { TreeBuilder } from "./build.js";
import { tokenizeLighttpd } from "./lex.js";
import { LighttpdParser, MAX_ARRAY_DEPTH } from "./parser.js";
import { AssignOp, Integer, Key, LBracket, LParen, lighttpdLexerDefinition, Plus, RBracket, RCurly, LCurly, RParen, StringLiteral } from "./tokens.js";

let lexer: Lexer | undefined;
let parser: LighttpdParser | undefined;

/** Build (and with `validate`, check) the grammar; tests call this with validations on. */
export function lighttpdGrammar(validate = false): { lexer: Lexer; parser: LighttpdParser } {
  if (validate) {
    return {
      lexer: new Lexer(lighttpdLexerDefinition, { positionTracking: "onlyOffset", ensureOptimizations: true }),
      parser: new LighttpdParser(true),
    };
  }
  lexer ??= new Lexer(lighttpdLexerDefinition, { positionTracking: "onlyOffset", skipValidations: true });
  parser ??= new LighttpdParser(false);
  return { lexer, parser };
}

/**
 * One pass over a piece's tokens before parsing: which `+` stand outside any
 * `( )` (a line break before them changes the meaning), and arrays nested
 * deeper than the parser recurses are cut out, with one problem per file.
 */
function prescan(tokens: IToken[], source: SourceFile, problems: SyntaxProblem[], topLevelPlus: Set<number>): IToken[] {
  let depth = 0;
  let cut: IToken[] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.tokenType === LParen) {
      depth++;
      if (depth > MAX_ARRAY_DEPTH) {
        if (!cut) {
          cut = tokens.slice(0, i);
          if (!problems.some((p) => p.message === TOO_DEEP))
            problems.push({ message: TOO_DEEP, range: source.range(t.startOffset, t.startOffset + 1), file: source.path });
        }
        continue;
      }
    } else if (t.tokenType === RParen) {
      if (depth > 0) depth--;
      if (depth >= MAX_ARRAY_DEPTH) continue;
    } else if (depth > MAX_ARRAY_DEPTH) continue;
    else if (t.tokenType === Plus && depth === 0) topLevelPlus.add(t.startOffset);
    if (cut) cut.push(t);
  }
  return cut ?? tokens;
}

const TOO_DEEP = `arrays nested more than ${MAX_ARRAY_DEPTH} deep are not read`;

const tokenEnd = (t: IToken) => t.startOffset + t.image.length;
const endsValue = (t: IToken) => t.tokenType === Key || t.tokenType === Integer || t.tokenType === RParen || (t.tokenType === StringLiteral && isClosed(t));
const isClosed = (t: IToken) => (t.payload as { closed: boolean }).closed;

/**
 * Where a piece may be cut (see grammars/shared/parse.ts): after a `{` or `}`
 * outside brackets, or after the value that ends an assignment when the next
 * tokens are `name =`, `name +=` or `name :=`. lighttpd has no statement
 * terminator, so these are the places where the next statement can only
 * start. Nothing after an unclosed string is trusted: its closing quote may
 * lie after the piece, and what the piece's lexer read after it is inside it.
 */
function lastStatementEnd(tokens: IToken[], stop: number): number {
  let depth = 0;
  let last = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (tokenEnd(t) >= stop || (t.tokenType === StringLiteral && !isClosed(t))) break;
    const type = t.tokenType;
    if (type === LParen || type === LBracket) depth++;
    else if ((type === RParen || type === RBracket) && depth > 0) depth--;
    if (depth > 0) continue;
    if (type === LCurly || type === RCurly) last = i;
    else if (
      endsValue(t) &&
      tokens[i + 1]?.tokenType === Key &&
      i + 2 < tokens.length &&
      tokenMatcher(tokens[i + 2], AssignOp) &&
      tokenEnd(tokens[i + 2]) < stop
    )
      last = i;
  }
  return last;
}

/** chevrotain's Lexer for the same tokens: built only if a text ever needs it (see lex.ts). */
const chevrotainLexer = () => lighttpdGrammar().lexer;
/** The lexer parseLighttpd runs: the tokens read by hand, the same as chevrotain's. */
export const lighttpdTokenizer: Tokenizer = { tokenize: (text) => tokenizeLighttpd(text, chevrotainLexer) };

/** `chunk`: characters lexed at a time (see grammars/shared/parse.ts; tests make it small). */
export function parseLighttpd(path: string, text: string, chunk = CHUNK): { ast: LighttpdFileAst; source: SourceFile } {
  const source = new SourceFile(path, text);
  parser ??= new LighttpdParser(false);
  // A BOM is kept in the text (offsets stay true) but lexed as a blank.
  const hasBom = text.charCodeAt(0) === 0xfeff;
  const lexText = hasBom ? " " + text.slice(1) : text;
  const early: SyntaxProblem[] = [];
  if (hasBom) early.push(bomProblem(source, 'lighttpd rejects ("invalid character in variable name")'));

  const topLevelPlus = new Set<number>();
  const builder = new TreeBuilder(source, topLevelPlus);
  const comments: IToken[] = [];
  const lexErrors: ILexingError[] = [];
  const errors: IRecognitionException[] = [];
  parser.sink = builder;
  try {
    for (const piece of pieces(lexText, chunk, lighttpdTokenizer, lastStatementEnd)) {
      for (const c of piece.comments) comments.push(c);
      for (const e of piece.errors) lexErrors.push(e);
      // The top rule stops at a token it cannot recover from; report it and go on after it.
      let rest = prescan(piece.tokens, source, early, topLevelPlus);
      while (rest.length) {
        parser.input = rest;
        parser.config();
        for (const e of parser.errors) errors.push(e); // not push(...errors): there can be more than a call takes
        const next = parser.consumed() + 1;
        if (next >= rest.length) break;
        rest = rest.slice(Math.max(next, 1));
      }
    }
  } finally {
    parser.sink = null;
    parser.input = [];
  }
  const ast = builder.finish(comments);

  // Problems that may cascade from one mistake: at most one per statement.
  const cascading = [...lexErrors.map((e) => lexingProblem(source, e)), ...errors.map((e) => parsingProblem(source, e)), ...builder.tokenProblems].sort(
    (a, b) => a.range.start - b.range.start,
  );
  const starts = builder.starts;
  const seen = new Set<number>();
  for (const p of cascading) {
    const owner = lastAtOrBefore(starts, p.range.start);
    if (seen.has(owner)) continue;
    seen.add(owner);
    ast.problems.push(p);
  }
  for (const e of errors) markIncomplete(builder.statements, Number.isNaN(e.token.startOffset) ? text.length : e.token.startOffset);
  ast.problems.push(...early);
  ast.problems.sort((a, b) => a.range.start - b.range.start);
  return { ast, source };
}

/** The greatest start <= offset (-1 when none). */
function lastAtOrBefore(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= offset) {
      best = starts[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** The statement a parse error falls in was built from partial input: rules must not trust it. */
function markIncomplete(statements: LighttpdStatement[], offset: number) {
  let lo = 0;
  let hi = statements.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (statements[mid].range.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return;
  const s = statements[found];
  const head = s.kind === "condition" || s.kind === "global" ? s.headRange : s.range;
  if (offset <= head.end) s.incomplete = true;
}
