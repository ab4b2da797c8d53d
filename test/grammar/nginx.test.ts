/**
 * The nginx grammar: fixture files whose `# expect:` annotations must equal
 * what the engine reports (each recording nginx 1.22's `nginx -t` verdict on
 * its first line, re-checked against the real nginx where it is installed),
 * exact AST positions, the grammar's own validations, and problem ranges that
 * always lie inside the text.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Lexer } from "chevrotain";
import { nginxGrammar, parseNginx } from "../../grammars/nginx/index.js";
import { NginxParser } from "../../grammars/nginx/parser.js";
import { nginxLexerDefinition } from "../../grammars/nginx/tokens.js";
import type { NginxBlock, NginxDirective, NginxNode } from "../../src/ast/nginx.js";
import type { Range } from "../../src/core/range.js";
import { lintFiles } from "../../src/engine/run.js";
import { readExpectations } from "../support/annotations.js";
import { ENGINE_IDS } from "../support/cases.js";
import { compare, type Found } from "../support/compare.js";
import { describeProblemRanges } from "../support/grammar-ranges.js";

const DIR = path.resolve("fixtures/grammar/nginx");
const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".conf"))
  .sort();

function lint(file: string) {
  const expected = readExpectations(file);
  const ruleIds = [...new Set(expected.map((e) => e.ruleId))].filter((id) => !ENGINE_IDS.includes(id));
  const run = lintFiles([file], { cwd: DIR, dialect: "nginx", only: [...ENGINE_IDS, ...ruleIds] });
  const found: Found[] = run.results.flatMap((r) =>
    r.messages.map((m) => ({ file: m.file, line: m.range.line, column: m.range.column, ruleId: m.ruleId, message: m.message })),
  );
  return { expected, found, run };
}

/** The verdict on the fixture's first line: `# nginx 1.22 -t: syntax is ok` or nginx's message. */
function verdict(text: string): string {
  const first = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/)[0];
  const m = /^# nginx 1\.22 -t: (.*)$/.exec(first);
  if (!m) throw new Error("the first line must record nginx -t's verdict");
  return m[1];
}

describe("fixtures/grammar/nginx", () => {
  test("has valid and invalid cases, and nothing else", () => {
    expect(files.filter((f) => f.startsWith("valid-")).length).toBeGreaterThanOrEqual(5);
    expect(files.filter((f) => f.startsWith("invalid-")).length).toBeGreaterThanOrEqual(5);
    expect(files.filter((f) => !/^(valid|invalid)-/.test(f))).toEqual([]);
  });

  for (const name of files) {
    const file = path.join(DIR, name);
    const valid = name.startsWith("valid-");
    test(name, () => {
      const v = verdict(fs.readFileSync(file, "utf8"));
      if (valid) expect(v === "syntax is ok" || /^unknown directive .*Lua module/.test(v)).toBe(true);
      else expect(v).not.toBe("syntax is ok");
      const { expected, found, run } = lint(file);
      expect(run.skipped).toEqual([]);
      if (valid) {
        expect(expected).toEqual([]);
        expect(found.filter((f) => f.ruleId === "syntax")).toEqual([]);
      } else expect(expected.filter((e) => e.ruleId === "syntax").length).toBeGreaterThan(0);
      expect(compare(expected, found, DIR)).toEqual({ missing: [], unexpected: [] });
    });
  }
});

const NGINX = ["/usr/sbin/nginx", "/usr/local/sbin/nginx"].find((p) => fs.existsSync(p));

/** `nginx -t` with a throwaway prefix (nothing is started, no port is bound): its first [emerg] message, "" when the test passes. */
export function nginxTest(file: string): { ok: boolean; message: string; line: number | null } {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-nginx-"));
  try {
    const r = spawnSync(NGINX as string, ["-t", "-q", "-e", "stderr", "-p", prefix + "/", "-c", file], { encoding: "utf8", timeout: 20000 });
    const emerg = (r.stderr + r.stdout).split("\n").find((l) => l.includes("[emerg]")) ?? "";
    const message = emerg.replace(/^.*\[emerg\] \d+#\d+: /, "");
    const line = /:(\d+)$/.exec(message)?.[1];
    return { ok: r.status === 0, message, line: line ? Number(line) : null };
  } finally {
    fs.rmSync(prefix, { recursive: true, force: true });
  }
}

(NGINX ? describe : describe.skip)("oracle: nginx -t agrees with the recorded verdicts and the positions", () => {
  for (const name of files) {
    test(name, () => {
      const file = path.join(DIR, name);
      const text = fs.readFileSync(file, "utf8");
      const v = verdict(text);
      const got = nginxTest(file);
      if (v === "syntax is ok") {
        expect(got).toEqual({ ok: true, message: "", line: null });
        return;
      }
      expect(got.ok).toBe(false);
      const recorded = v.replace(/ \(.*\)$/, "");
      expect(got.message.replace(file, "...")).toBe(recorded.startsWith('unknown directive "content_by_lua_block"') ? `${recorded} in ...:7` : recorded);
      if (name.startsWith("invalid-") && name !== "invalid-bom.conf") {
        // Both reject, and we point within one line of where nginx stops.
        const ours = parseNginx(file, text).ast.problems.map((p) => p.range.line);
        expect(ours.some((l) => Math.abs(l - (got.line as number)) <= 1) ? got.line : ours).toBe(got.line);
      }
    });
  }
});

describeProblemRanges(DIR, files, parseNginx);

describe("the grammar", () => {
  test("nginxGrammar(true) builds with chevrotain's validations on", () => {
    expect(() => nginxGrammar(true)).not.toThrow();
  });

  test("the lexer definition passes chevrotain's validations", () => {
    const lexer = new Lexer(nginxLexerDefinition, { positionTracking: "onlyOffset" });
    expect(lexer.lexerDefinitionErrors).toEqual([]);
    expect(lexer.tokenize("http { server { listen 80; } }\n").errors).toEqual([]);
  });

  test("the parser passes chevrotain's validations and parses", () => {
    const parser = new NginxParser(true);
    parser.input = new Lexer(nginxLexerDefinition, { positionTracking: "onlyOffset" }).tokenize("http { server { listen 80; } }\n").tokens;
    parser.config();
    expect(parser.errors).toEqual([]);
  });
});

function range(start: number, end: number, line: number, column: number, endLine: number, endColumn: number): Range {
  return { start, end, line, column, endLine, endColumn };
}
const parse = (text: string) => parseNginx("/virtual/nginx.conf", text);
const directive = (n: NginxNode | undefined) => {
  expect(n?.kind).toBe("directive");
  return n as NginxDirective;
};
const block = (n: NginxNode | undefined) => {
  expect(n?.kind).toBe("block");
  return n as NginxBlock;
};

describe("parseNginx", () => {
  test("a directive: name, arguments and ranges", () => {
    const { ast } = parse("listen  127.0.0.1:80 default_server;\n");
    expect(ast.problems).toEqual([]);
    const d = directive(ast.children[0]);
    expect(d.name).toBe("listen");
    expect(d.nameRange).toEqual(range(0, 6, 1, 1, 1, 7));
    expect(d.range).toEqual(range(0, 36, 1, 1, 1, 37));
    expect(d.args.map((a) => [a.value, a.range.column])).toEqual([
      ["127.0.0.1:80", 9],
      ["default_server", 22],
    ]);
  });

  test("blocks nest, and keep their open and close ranges", () => {
    const text = "http {\n  server {\n    location = /x { return 204; }\n  }\n}\n";
    const { ast } = parse(text);
    expect(ast.problems).toEqual([]);
    const http = block(ast.children[0]);
    const server = block(http.children[0]);
    const loc = block(server.children[0]);
    expect(loc.args.map((a) => a.value)).toEqual(["=", "/x"]);
    const at = text.indexOf("location");
    const close = text.indexOf("}", at);
    expect(loc.openRange).toEqual(range(at, at + 15, 3, 5, 3, 20));
    expect(loc.closeRange).toEqual(range(close, close + 1, 3, 5 + close - at, 3, 6 + close - at));
    expect(loc.parent).toBe(server);
    expect(http.range.end).toBe(text.length - 1);
  });

  test("quoted arguments keep raw text, value and quote style; escapes are unescaped as nginx does", () => {
    const { ast } = parse(`add_header X "a \\"b\\" \\n c" 'd\\'e' f\\;g;\n`);
    expect(ast.problems).toEqual([]);
    const d = directive(ast.children[0]);
    expect(d.args.map((a) => [a.raw, a.value, a.quote])).toEqual([
      ["X", "X", null],
      [`"a \\"b\\" \\n c"`, 'a "b" \n c', '"'],
      [`'d\\'e'`, "d'e", "'"],
      ["f\\;g", "f\\;g", null], // nginx keeps the backslash before other characters
    ]);
  });

  test("`#` starts a comment only where a token starts; `${var}` stays in a word; a `{` in a word ends it", () => {
    const { ast } = parse("set $a x#y; # comment\nset $b ${a}z;\nlocation ~ \\d{3} { }\n");
    expect(directive(ast.children[0]).args.map((a) => a.value)).toEqual(["$a", "x#y"]);
    expect(ast.comments.map((c) => c.text)).toEqual(["# comment"]);
    expect(directive(ast.children[1]).args.map((a) => a.value)).toEqual(["$b", "${a}z"]);
    // nginx reads `\d{3}` unquoted as `\d` then a block: the regex must be quoted.
    expect(block(ast.children[2]).args.map((a) => a.value)).toEqual(["~", "\\d"]);
  });

  test("a *_by_lua_block body is raw text, braces in Lua strings and comments included", () => {
    const { ast } = parse('content_by_lua_block { local s = "}" -- }\n ngx.say(s) }\nlisten 80;\n');
    expect(ast.problems).toEqual([]);
    const b = block(ast.children[0]);
    expect(b.lua?.text).toBe(' local s = "}" -- }\n ngx.say(s) ');
    expect(b.children).toEqual([]);
    expect(directive(ast.children[1]).name).toBe("listen");
  });

  test("only a directive name ends in _by_lua_block: an argument that does is a word", () => {
    const { ast } = parse("server_name content_by_lua_block;\nupstream content_by_lua_block { server 127.0.0.1; }\n");
    expect(ast.problems).toEqual([]);
    expect(block(ast.children[1]).children).toHaveLength(1);
  });

  test("a missing `;` before `}` is reported at the `}` and the block still closes", () => {
    const { ast } = parse("server {\n  listen 80\n}\nlisten 81;\n");
    expect(ast.problems.map((p) => `${p.range.line}:${p.range.column} ${p.message}`)).toEqual([
      '3:1 unexpected "}": "listen" on line 2 is not terminated by ";"',
    ]);
    const s = block(ast.children[0]);
    expect(directive(s.children[0]).incomplete).toBe(true);
    expect(s.closeRange?.line).toBe(3);
    expect(directive(ast.children[1]).name).toBe("listen");
  });

  test("a directive that takes one argument running into the next line's directive is split there", () => {
    const { ast } = parse("location / {\n  root /srv/www\n  index index.html;\n}\n");
    expect(ast.problems.map((p) => `${p.range.line}:${p.range.column}`)).toEqual(["2:8"]);
    const loc = block(ast.children[0]);
    expect(loc.children.map((c) => [c.name, c.args.map((a) => a.value)])).toEqual([
      ["root", ["/srv/www"]],
      ["index", ["index.html"]],
    ]);
  });

  test("a variadic directive may span lines: nothing to report", () => {
    const { ast } = parse("server_name example.com\n  www.example.com;\nindex index.html\n  index.php;\n");
    expect(ast.problems).toEqual([]);
  });

  test("10,000 nested blocks parse without overflowing the stack", () => {
    const n = 10000;
    const { ast } = parse("location / {\n".repeat(n) + "}\n".repeat(n));
    expect(ast.problems).toEqual([]);
  });
});
