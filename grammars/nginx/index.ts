/** parseNginx: text -> NginxFileAst. The lexer and parser are built once per process, on first use. */
import { Lexer, type IToken, type TokenType } from "chevrotain";
import type { NginxFileAst } from "../../src/ast/nginx.js";
import { SourceFile } from "../../src/source/source-file.js";
import { parseWith, type Tokenizer } from "../shared/parse.js";
import { TreeBuilder } from "./build.js";
import { tokenizeNginx } from "./lex.js";
import { NginxParser } from "./parser.js";
import { Close, EarlyClose, EndSemicolon, LuaBlockBody, nginxLexerDefinition, Open, StrayPunct } from "./tokens.js";

let lexer: Lexer | undefined;
let parser: NginxParser | undefined;

/**
 * Build (and with `validate`, check) the grammar; tests call this with validations on.
 * Not `ensureOptimizations`: an nginx word may start with any character but a
 * blank, `;`, `{`, `}`, `#` or a quote, so its pattern is a complement set whose
 * start characters cannot be listed.
 */
export function nginxGrammar(validate = false): { lexer: Lexer; parser: NginxParser } {
  if (validate) {
    return {
      lexer: new Lexer(nginxLexerDefinition, { positionTracking: "onlyOffset" }),
      parser: new NginxParser(true),
    };
  }
  // safeMode: the first-character analysis costs ~5 ms at start and finds nothing to optimise here.
  lexer ??= new Lexer(nginxLexerDefinition, { positionTracking: "onlyOffset", skipValidations: true, safeMode: true });
  parser ??= new NginxParser(false);
  return { lexer, parser };
}

/** Tokens after which the lexer is back in its first mode and the parser between two statements. */
const STATEMENT_ENDS = new Set<TokenType>([EndSemicolon, Open, EarlyClose, LuaBlockBody, Close, StrayPunct]);
const endsStatement = (t: IToken) => STATEMENT_ENDS.has(t.tokenType);

/** chevrotain's Lexer for the same modes: built only if a text ever needs it (see lex.ts). */
const chevrotainLexer = () => nginxGrammar().lexer;
/** The lexer parseNginx runs: the modes run by hand, the same tokens as chevrotain's. */
export const nginxTokenizer: Tokenizer = { tokenize: (text) => tokenizeNginx(text, chevrotainLexer) };

/** `chunk`: characters lexed at a time (see grammars/shared/parse.ts; tests make it small). */
export function parseNginx(path: string, text: string, chunk?: number): { ast: NginxFileAst; source: SourceFile } {
  const source = new SourceFile(path, text);
  parser ??= new NginxParser(false);
  const ast = parseWith(source, nginxTokenizer, parser, new TreeBuilder(source), "nginx reads as part of the first directive name", endsStatement, chunk);
  return { ast, source };
}
