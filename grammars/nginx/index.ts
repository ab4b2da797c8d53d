/** parseNginx: text -> NginxFileAst. The lexer and parser are built once per process, on first use. */
import { Lexer } from "chevrotain";
import type { NginxFileAst } from "../../src/ast/nginx.js";
import { SourceFile } from "../../src/source/source-file.js";
import { bomProblem, lexingProblem, parsingProblem } from "../shared/problems.js";
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
  lexer ??= new Lexer(nginxLexerDefinition, { positionTracking: "onlyOffset", skipValidations: true });
  parser ??= new NginxParser(false);
  return { lexer, parser };
}

export function parseNginx(path: string, text: string): { ast: NginxFileAst; source: SourceFile } {
  const source = new SourceFile(path, text);
  const { lexer, parser } = nginxGrammar();
  // A BOM is kept in the text (offsets stay true) but lexed as a blank; nginx reads it as part of the first word.
  const hasBom = text.charCodeAt(0) === 0xfeff;
  const lexed = lexer.tokenize(hasBom ? " " + text.slice(1) : text);
  const builder = new TreeBuilder(source);
  parser.input = lexed.tokens;
  parser.sink = builder;
  try {
    parser.config();
  } finally {
    parser.sink = null;
  }
  const ast = builder.finish(lexed.groups.comments ?? []);
  if (hasBom) ast.problems.unshift(bomProblem(source, "nginx reads as part of the first directive name"));
  for (const e of lexed.errors) ast.problems.push(lexingProblem(source, e));
  for (const e of parser.errors) ast.problems.push(parsingProblem(source, e));
  ast.problems.sort((a, b) => a.range.start - b.range.start);
  return { ast, source };
}
