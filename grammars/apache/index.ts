/** parseApache: text -> ApacheFileAst. The lexer and parser are built once per process, on first use. */
import { Lexer } from "chevrotain";
import type { ApacheFileAst } from "../../src/ast/apache.js";
import { SourceFile } from "../../src/source/source-file.js";
import { bomProblem, lexingProblem, parsingProblem } from "../shared/problems.js";
import { TreeBuilder } from "./build.js";
import { ApacheParser } from "./parser.js";
import { apacheLexerDefinition } from "./tokens.js";

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
  lexer ??= new Lexer(apacheLexerDefinition, { positionTracking: "onlyOffset", skipValidations: true });
  parser ??= new ApacheParser(false);
  return { lexer, parser };
}

export function parseApache(path: string, text: string): { ast: ApacheFileAst; source: SourceFile } {
  const source = new SourceFile(path, text);
  const { lexer, parser } = apacheGrammar();
  // A BOM is kept in the text (offsets stay true) but lexed as a blank.
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
  if (hasBom) ast.problems.unshift(bomProblem(source, "httpd reads as part of the first directive name"));
  for (const e of lexed.errors) ast.problems.push(lexingProblem(source, e));
  for (const e of parser.errors) ast.problems.push(parsingProblem(source, e));
  ast.problems.sort((a, b) => a.range.start - b.range.start);
  return { ast, source };
}
