/**
 * The lighttpd lexer run by hand (grammars/lighttpd/lex.ts) gives what chevrotain's
 * Lexer gives for the same modes (grammars/lighttpd/tokens.ts): the same tokens
 * (type, image, offset, payload), the same comment group, the same errors.
 * Checked on every lighttpd file of the corpus and the grammar fixtures, on
 * hand-written traps (every operator, the keywords and the longer names they
 * start, `if` before a `$` and elsewhere, strings escaped, spanning lines and
 * left open, template placeholders, CRLF and lone CR, characters no token
 * takes) and on random token soup and mutations of real configurations.
 */
import fs from "node:fs";
import path from "node:path";
import { Lexer } from "chevrotain";
import { tokenizeLighttpd } from "../../grammars/lighttpd/lex.js";
import { lighttpdLexerDefinition } from "../../grammars/lighttpd/tokens.js";
import { grammarFiles, handLexerComparisons } from "../support/hand-lexer.js";

const TRAPS = [
  'server.port = 80\nserver.modules += ( "mod_access", "mod_alias" )\n',
  '$HTTP["host"] == "a.example" { url.redirect = ( "^/(.*)" => "https://a.example/$1" ) }\n',
  '$HTTP["url"] =~ "^/a" {} else $HTTP["url"] =^ "/b" {} elseif $HTTP["url"] =$ ".c" {} elsif x {} elif y {}\n',
  '$HTTP["host"] != "a" { x = 1 } $HTTP["host"] !~ "b" { y := 2 }\n',
  'include "a.conf"\ninclude_shell "cat b"\nincludes = 1\ninclude_shellx = 2\ninclude_sh = 3\n',
  "global { a = 1 }\nglobal.x = 2\nglobals = 3\nelsewhere = 4\nelseifx = 5\n",
  'if $HTTP["url"] =~ "x" {}\nelse if $HTTP["url"] =~ "y" {}\nif.x = 1\niffy = 2\nif\t\u00a0$x\nif\n$y\n',
  'var.a = "x" + "y"\nvar.b = var.a + "z"\n+ "w"\n',
  'a = "esc \\" quote" # comment\n#only\n  # indented\nb = "multi\nline"\n',
  'c = "never closed\nd = 1\n',
  "-x = 1\n.y = 2\n_z = 3\n9abc = 4\n",
  "server.name = \ue000port\ue001\n\ue000extra\ue001\n",
  "a = 1\r\nb = 2\rc = 3\r\n# c\r\n",
  "a\u00a0=\t1\n",
  "!",
  ":",
  "a @ b\n",
  "a = ! 1\n",
  "a :: b\n",
  "==> =~ =^ =$ => = + += := , [ ] ( ) { } $",
  '"',
  "",
  "\n\n   \n\t",
];

describe("the lighttpd lexer run by hand", () => {
  const lexer = handLexerComparisons("lighttpd", new Lexer(lighttpdLexerDefinition, { positionTracking: "onlyOffset" }), tokenizeLighttpd, TRAPS);

  test("needed chevrotain's Lexer only for texts with a character no token takes", () => {
    // The traps with `!`, `:` or `@` alone: chevrotain's Lexer reports them (its errors are compared above).
    expect(lexer.fallbacks()).toBeGreaterThanOrEqual(5);
    lexer.resetFallbacks();
    // The corpus: real configurations (the grammar fixtures include broken ones on purpose).
    for (const f of grammarFiles("lighttpd").filter((f) => f.startsWith(path.resolve("test/corpus")))) lexer.run(fs.readFileSync(f, "utf8"));
    expect(lexer.fallbacks()).toBe(0);
  });
});
