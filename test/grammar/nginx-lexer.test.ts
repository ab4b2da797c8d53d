/**
 * The nginx lexer run by hand (grammars/nginx/lex.ts) gives what chevrotain's
 * Lexer gives for the same modes (grammars/nginx/tokens.ts): the same tokens
 * (type, image, offset, payload), the same comment group, the same errors.
 * Checked on every nginx file of the corpus and the grammar fixtures, on
 * hand-written traps (`#` inside and after words, `${var}`, `\;` and `\ `,
 * quotes glued to words and left open, stray `{` and `;`, `}` before a `;`,
 * Lua blocks with braces in strings and comments, CRLF and lone CR) and on
 * random token soup and mutations of real configurations.
 */
import fs from "node:fs";
import path from "node:path";
import { Lexer, type ILexingResult, type IToken } from "chevrotain";
import * as fc from "fast-check";
import { tokenizeNginx } from "../../grammars/nginx/lex.js";
import { nginxLexerDefinition } from "../../grammars/nginx/tokens.js";
import { inputs, loadSeeds } from "../fuzz/properties.js";

const reference = new Lexer(nginxLexerDefinition, { positionTracking: "onlyOffset" });
let fallbacks = 0;
const byHand = (text: string) =>
  tokenizeNginx(text, () => {
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

function nginxFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile() && !f.endsWith(".json"));
}

const TRAPS = [
  "server { listen 80; server_name a.example; }\n",
  "location / { proxy_pass http://127.0.0.1:8000; }\n",
  "set $a a#b; # comment\n#only\n  # indented\n",
  'return 200 "${host}x"; set ${a} b; if ($a ~ "^x{2,3}$") { }\n',
  "rewrite ^/a\\;b /c\\ d; set $x \\\n;\n",
  'add_header X "a \\" b" \'c\' "open\nnext x;\n',
  "a \"b\"c; d 'e'f;\n",
  "{ ; }\n;;{\n",
  "location / { return 200 }\n}",
  "content_by_lua_block { ngx.say('}') -- }\n --[[ } ]] local s = [[ } ]] }\n",
  'access_by_lua_block{ if x then ngx.exit(403) end } "rewrite_by_lua_block" { a = "{" }\n',
  "init_by_lua_block { unclosed\n",
  "init_by_lua_block ; x_by_lua_block } y_by_lua_blocks { a; }\n",
  "a b;\r\nc d;\rline\r\n# c\r\ne f;\n",
  "\\",
  "$",
  "${{",
  "a $",
  "'",
  '"a',
  "",
  "\n\n   \n\t",
  "a\u00a0b c\u2028d;\n",
];

describe("the nginx lexer run by hand", () => {
  test.each(TRAPS.map((t) => [JSON.stringify(t), t]))("gives chevrotain's tokens for %s", (_, text) => same(text));

  test("gives chevrotain's tokens for every nginx file of the corpus and the grammar fixtures", () => {
    const files = [...nginxFiles(path.resolve("test/corpus/nginx")), ...nginxFiles(path.resolve("fixtures/grammar/nginx"))];
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) {
      const text = fs.readFileSync(f, "utf8");
      expect({ file: f, ...comparable(byHand(text)) }).toEqual({ file: f, ...comparable(reference.tokenize(text)) });
    }
  });

  test("gives chevrotain's tokens for random and mutated configurations", () => {
    fc.assert(
      fc.property(inputs("nginx", loadSeeds("nginx")), (text) => {
        same(text);
      }),
      { numRuns: 2000, seed: 20261205 },
    );
  });

  test("never needed chevrotain's Lexer here (no character is left without a pattern)", () => {
    expect(fallbacks).toBe(0);
  });
});
