/** parseApache: text -> ApacheFileAst. The lexer and parser are built once per process, on first use. */
import { Lexer, type IToken } from "chevrotain";
import type { ApacheFileAst } from "../../src/ast/apache.js";
import { SourceFile } from "../../src/source/source-file.js";
import { parseWith, type Tokenizer } from "../shared/parse.js";
import { TreeBuilder } from "./build.js";
import { tokenizeApache } from "./lex.js";
import { ApacheParser } from "./parser.js";
import { apacheLexerDefinition, LineEnd } from "./tokens.js";

let lexer: Lexer | undefined;
let parser: ApacheParser | undefined;

/**
 * Build (and with `validate`, check) the grammar; tests call this with validations on.
 * Not `ensureOptimizations`: an Apache word may start with any character that is not
 * blank, so the word patterns cannot list their start characters.
 */
export function apacheGrammar(validate = false): { lexer: Lexer; parser: ApacheParser } {
  if (validate) {
    return {
      lexer: new Lexer(apacheLexerDefinition, { positionTracking: "onlyOffset" }),
      parser: new ApacheParser(true),
    };
  }
  // safeMode: the first-character analysis costs ~5 ms at start and finds nothing to optimise here.
  lexer ??= new Lexer(apacheLexerDefinition, { positionTracking: "onlyOffset", skipValidations: true, safeMode: true });
  parser ??= new ApacheParser(false);
  return { lexer, parser };
}

/** chevrotain's Lexer for the same modes: built only if a text ever needs it (see lex.ts). */
const chevrotainLexer = () => apacheGrammar().lexer;
/** The lexer parseApache runs: the modes run by hand, the same tokens as chevrotain's. */
export const apacheTokenizer: Tokenizer = { tokenize: (text) => tokenizeApache(text, chevrotainLexer) };

/** A logical line's end: the lexer is back in its first mode, the parser between two lines. */
const endsLine = (t: IToken) => t.tokenType === LineEnd;

/** `chunk`: characters lexed at a time (see grammars/shared/parse.ts; tests make it small). */
export function parseApache(path: string, text: string, chunk?: number): { ast: ApacheFileAst; source: SourceFile } {
  const source = new SourceFile(path, text);
  parser ??= new ApacheParser(false);
  const ast = parseWith(source, apacheTokenizer, parser, new TreeBuilder(source), "httpd reads as part of the first directive name", endsLine, chunk);
  return { ast, source };
}
