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
import { Lexer, type ILexingResult, type IToken } from "chevrotain";
import * as fc from "fast-check";
import { tokenizeLighttpd } from "../../grammars/lighttpd/lex.js";
import { lighttpdLexerDefinition } from "../../grammars/lighttpd/tokens.js";
import { inputs, loadSeeds } from "../fuzz/properties.js";

const reference = new Lexer(lighttpdLexerDefinition, { positionTracking: "onlyOffset" });
let fallbacks = 0;
const byHand = (text: string) =>
  tokenizeLighttpd(text, () => {
    fallbacks++;
    return reference;
  });

const shown = (t: IToken) => ({ type: t.tokenType.name, image: t.image, at: t.startOffset, payload: t.payload, idx: t.tokenTypeIdx });
function comparable(r: ILexingResult) {
  return {
    tokens: r.tokens.map(shown),
    comments: (r.groups.comments ?? []).map(shown),
    errors: r.errors.map((e) => ({ offset: e.offset, length: e.length, message: e.message })),
  };
}

const same = (text: string) => expect(comparable(byHand(text))).toEqual(comparable(reference.tokenize(text)));

function lighttpdFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile() && !f.endsWith(".json"));
}

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
  test.each(TRAPS.map((t) => [JSON.stringify(t), t]))("gives chevrotain's tokens for %s", (_, text) => same(text));

  test("gives chevrotain's tokens for every lighttpd file of the corpus and the grammar fixtures", () => {
    const files = [...lighttpdFiles(path.resolve("test/corpus/lighttpd")), ...lighttpdFiles(path.resolve("fixtures/grammar/lighttpd"))];
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) {
      const text = fs.readFileSync(f, "utf8");
      expect({ file: f, ...comparable(byHand(text)) }).toEqual({ file: f, ...comparable(reference.tokenize(text)) });
    }
  });

  test("gives chevrotain's tokens for random and mutated configurations", () => {
    fc.assert(
      fc.property(inputs("lighttpd", loadSeeds("lighttpd")), (text) => {
        same(text);
      }),
      { numRuns: 2000, seed: 20261205 },
    );
  });

  test("needed chevrotain's Lexer only for texts with a character no token takes", () => {
    // The traps with `!`, `:` or `@` alone: chevrotain's Lexer reports them (its errors are compared above).
    expect(fallbacks).toBeGreaterThanOrEqual(5);
    fallbacks = 0;
    for (const f of lighttpdFiles(path.resolve("test/corpus/lighttpd"))) byHand(fs.readFileSync(f, "utf8"));
    expect(fallbacks).toBe(0);
  });
});
