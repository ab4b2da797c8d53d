/**
 * The Apache lexer run by hand (grammars/apache/lex.ts) gives what
 * chevrotain's Lexer gives for the same modes (grammars/apache/tokens.ts):
 * the same tokens (type, image, offset, payload), the same comment and
 * continuation groups, the same errors. Checked on every Apache file of the
 * corpus and the grammar fixtures, on hand-written traps (continuations in
 * and after words, `\\` before a line break, quotes left open, `>` inside a
 * section's arguments, CRLF, blank characters JavaScript's `\s` knows and
 * httpd does not) and on random token soup and mutations of real configs.
 */
import fs from "node:fs";
import path from "node:path";
import { Lexer, type ILexingResult, type IToken } from "chevrotain";
import * as fc from "fast-check";
import { tokenizeApache } from "../../grammars/apache/lex.js";
import { apacheLexerDefinition } from "../../grammars/apache/tokens.js";
import { inputs, loadSeeds } from "../fuzz/properties.js";

const reference = new Lexer(apacheLexerDefinition, { positionTracking: "onlyOffset" });
let fallbacks = 0;
const byHand = (text: string) =>
  tokenizeApache(text, () => {
    fallbacks++;
    return reference;
  });

const shown = (t: IToken) => ({ type: t.tokenType.name, image: t.image, at: t.startOffset, payload: t.payload, idx: t.tokenTypeIdx });
function comparable(r: ILexingResult) {
  return {
    tokens: r.tokens.map(shown),
    comments: (r.groups.comments ?? []).map(shown),
    continuations: (r.groups.continuations ?? []).map(shown),
    errors: r.errors.map((e) => ({ offset: e.offset, length: e.length, message: e.message })),
  };
}

const same = (text: string) => expect(comparable(byHand(text))).toEqual(comparable(reference.tokenize(text)));

function apacheFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile() && !f.endsWith(".json"));
}

const TRAPS = [
  "ServerName example.com\n",
  "Server\\\nName example.com\n",
  "ServerName \\\n  example.com\n",
  'SetEnv A "a \\" b" \'c\' "open\nNext x\n',
  'Header set X "line \\\n continued"\n',
  "Alias /a\\\\\n/b\n",
  "<VirtualHost *:80 >\n</VirtualHost>\n",
  "<If \"%{HTTP_HOST} > 'a'\">\nRequire all granted\n</If>\n",
  "<Location /a>b>\n</Location extra words>\n",
  "<>\n< x\n</\n<Directory\n",
  "# comment \\\ncontinued\n  # indented comment\nA b # not a comment\n",
  "A b\r\nC d\r\n\r\n<E f>\r\n</E>\r\n",
  "A\tb\vc\fd\re\n",
  "A b\u00a0c\u2028d\n<Loc\u00a0x>\n</Loc\u3000y>\n",
  "\\\n\\\\\n\\",
  "A \\",
  '"quoted directive" x\n',
  "<Section '>' \">\" >\n",
  "",
  "\n\n   \n",
  "A\\\r\nB c\\\r\n d\n",
];

describe("the Apache lexer run by hand", () => {
  test.each(TRAPS.map((t) => [JSON.stringify(t), t]))("gives chevrotain's tokens for %s", (_, text) => same(text));

  test("gives chevrotain's tokens for every Apache file of the corpus and the grammar fixtures", () => {
    const files = [...apacheFiles(path.resolve("test/corpus/apache")), ...apacheFiles(path.resolve("fixtures/grammar/apache"))];
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) {
      const text = fs.readFileSync(f, "utf8");
      expect({ file: f, ...comparable(byHand(text)) }).toEqual({ file: f, ...comparable(reference.tokenize(text)) });
    }
  });

  test("gives chevrotain's tokens for random and mutated configurations", () => {
    fc.assert(
      fc.property(inputs("apache", loadSeeds("apache")), (text) => {
        same(text);
      }),
      { numRuns: 2000, seed: 20261205 },
    );
  });

  test("never needed chevrotain's Lexer here (no character is left without a pattern)", () => {
    expect(fallbacks).toBe(0);
  });
});
