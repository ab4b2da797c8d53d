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
import { Lexer } from "chevrotain";
import { tokenizeApache } from "../../grammars/apache/lex.js";
import { apacheLexerDefinition } from "../../grammars/apache/tokens.js";
import { handLexerComparisons } from "../support/hand-lexer.js";

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
  const lexer = handLexerComparisons("apache", new Lexer(apacheLexerDefinition, { positionTracking: "onlyOffset" }), tokenizeApache, TRAPS);

  test("never needed chevrotain's Lexer here (no character is left without a pattern)", () => {
    expect(lexer.fallbacks()).toBe(0);
  });
});
