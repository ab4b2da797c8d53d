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
import { Lexer } from "chevrotain";
import { tokenizeNginx } from "../../grammars/nginx/lex.js";
import { nginxLexerDefinition } from "../../grammars/nginx/tokens.js";
import { handLexerComparisons } from "../support/hand-lexer.js";

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
  const lexer = handLexerComparisons("nginx", new Lexer(nginxLexerDefinition, { positionTracking: "onlyOffset" }), tokenizeNginx, TRAPS);

  test("never needed chevrotain's Lexer here (no character is left without a pattern)", () => {
    expect(lexer.fallbacks()).toBe(0);
  });
});
