/** parseNginx: text -> NginxFileAst. The lexer and parser are built once per process, on first use. */
import { Lexer } from "chevrotain";
import type { NginxFileAst } from "../../src/ast/nginx.js";
import { SourceFile } from "../../src/source/source-file.js";
import { parseWith } from "../shared/parse.js";
import { TreeBuilder } from "./build.js";
import { NginxParser } from "./parser.js";
import { nginxLexerDefinition } from "./tokens.js";

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

export function parseNginx(path: string, text: string): { ast: NginxFileAst; source: SourceFile } {
  const source = new SourceFile(path, text);
  const { lexer, parser } = nginxGrammar();
  const ast = parseWith(source, lexer, parser, new TreeBuilder(source), "nginx reads as part of the first directive name");
  // The parser lives as long as the process: let go of the tokens (~50 bytes a token, more than the AST).
  parser.input = [];
  return { ast, source };
}
