/**
 * Apache, nginx and lighttpd files are lexed and parsed in pieces cut after a
 * statement (grammars/shared/parse.ts), so that a large file's tokens are never all
 * alive at once. The pieces must not show: every fixture and every corpus
 * file parses to the same tree, comments and problems whether it is read in
 * pieces of one line (the smallest the parser makes) or in one piece; and a
 * large file is never lexed whole.
 */
import fs from "node:fs";
import path from "node:path";
import { apacheTokenizer, parseApache } from "../../grammars/apache/index.js";
import { lighttpdTokenizer, parseLighttpd } from "../../grammars/lighttpd/index.js";
import { nginxTokenizer, parseNginx } from "../../grammars/nginx/index.js";
import { CHUNK, type Tokenizer } from "../../grammars/shared/parse.js";

function confFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile() && !/\.(md|json|py|txt|tsv)$/.test(f));
}

/** What a rule can read of a node, getters included; `parent` (a cycle) as its kind and name only. */
function plain(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(plain);
  if (x === null || typeof x !== "object") return x;
  const o = x as Record<string, unknown>;
  const keys = new Set([...Object.keys(o), "kind", "range", "nameRange", "openRange", "closeRange", "file", "raw", "value", "quote", "nameArg"]);
  const out: Record<string, unknown> = {};
  for (const k of [...keys].sort()) {
    if (!(k in o)) continue;
    const v = o[k];
    out[k] = k === "parent" ? (v ? `${(v as { kind: string }).kind} ${(v as { name: string }).name}` : null) : plain(v);
  }
  return out;
}

describe.each([
  ["apache", parseApache, [path.resolve("fixtures/grammar/apache"), path.resolve("fixtures/rules/apache"), path.resolve("test/corpus/apache")]],
  ["nginx", parseNginx, [path.resolve("fixtures/grammar/nginx"), path.resolve("fixtures/rules/nginx"), path.resolve("test/corpus/nginx")]],
  ["lighttpd", parseLighttpd, [path.resolve("fixtures/grammar/lighttpd"), path.resolve("fixtures/rules/lighttpd"), path.resolve("test/corpus/lighttpd")]],
] as const)("%s", (dialect, parse, dirs) => {
  const files = dirs.flatMap(confFiles);

  test("finds files to compare", () => {
    expect(files.length).toBeGreaterThan(50);
  });

  test("a file read in pieces of a line parses as read whole", () => {
    let differing: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(f, "utf8");
      const whole = parse(f, text, Infinity).ast;
      const pieces = parse(f, text, 1).ast;
      if (JSON.stringify(plain(pieces)) !== JSON.stringify(plain(whole))) differing.push(f);
    }
    expect(differing).toEqual([]);
    differing = [];
  });

  test("a piece cut inside a quote, a continued line or a Lua body is re-read from its statement", () => {
    const text = {
      apache: 'Alias /a /b\nLogFormat "x \\\n y" combined\n<Location "/a>b">\n  Require all \\\n granted\n</Location>\nServerName x\n',
      nginx: 'http {\n  log_format main "a\n b\n c";\n  content_by_lua_block {\n    ngx.say("}")\n  }\n  server { listen 80; }\n}\n',
      // A string over lines holding what would end a statement, an array over lines, '+' at a line's start, `} else {`,
      // and a name after '=' with no value (the value, not a new statement).
      lighttpd:
        'a = "x"\nb = "{\n}\nc = d"\nm = ( "x" => (\n "y" ),\n "z" )\nv = "a"\n+ "b"\n$HTTP["host"] == "x" {\n e = 1\n} else $HTTP["url"] =~ "^/(a|b)" {\n f = g\n}\nh = 2\nk =\nl = 3\n',
    }[dialect];
    for (let chunk = 1; chunk < text.length; chunk++) {
      expect(JSON.stringify(plain(parse("/x.conf", text, chunk).ast))).toBe(JSON.stringify(plain(parse("/x.conf", text, Infinity).ast)));
    }
  });

  test("a large file is lexed in pieces, never whole", () => {
    const line = {
      apache: "<Location /app>\n  Require all granted\n</Location>\n",
      nginx: "location /app { allow all; }\n",
      lighttpd: '$HTTP["url"] =~ "^/app" { dir-listing.activate = "disable" }\n',
    }[dialect];
    const text = line.repeat(Math.ceil((4 * CHUNK) / line.length) + 1);
    // The lexer each parse runs: each dialect's tokens read by hand (grammars/*/lex.ts).
    const lexer = { apache: apacheTokenizer, nginx: nginxTokenizer, lighttpd: lighttpdTokenizer }[dialect];
    const lengths = lexedLengths(lexer, () => {
      const { ast } = parse("/x.conf", text);
      expect(ast.problems).toEqual([]);
      expect(ast.children.length).toBe(text.length / line.length);
    });
    expect(lengths.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...lengths)).toBeLessThan(CHUNK + line.length);
  });
});

test("a lighttpd file without blocks is cut between assignments", () => {
  const line = 'server.tag = "app"\nsetenv.add-response-header += ( "X-A" => "1" )\n';
  const text = line.repeat(Math.ceil((4 * CHUNK) / line.length) + 1);
  const lengths = lexedLengths(lighttpdTokenizer, () => {
    const { ast } = parseLighttpd("/x.conf", text);
    expect(ast.problems).toEqual([]);
    expect(ast.children.length).toBe((2 * text.length) / line.length);
  });
  expect(lengths.length).toBeGreaterThanOrEqual(4);
  expect(Math.max(...lengths)).toBeLessThan(CHUNK + line.length);
});

/** The lengths of the texts `lexer` tokenized while `run` ran. */
function lexedLengths(lexer: Tokenizer, run: () => void): number[] {
  const own = Object.getOwnPropertyDescriptor(lexer, "tokenize");
  const tokenize = lexer.tokenize.bind(lexer);
  const lengths: number[] = [];
  lexer.tokenize = (t: string) => {
    lengths.push(t.length);
    return tokenize(t);
  };
  try {
    run();
  } finally {
    // Back to the lexer's own method, or to its prototype's.
    if (own) Object.defineProperty(lexer, "tokenize", own);
    else delete (lexer as { tokenize?: unknown }).tokenize;
  }
  return lengths;
}
