/**
 * The lighttpd grammar: fixture files whose `# expect:` annotations must equal
 * what the engine reports (each with lighttpd 1.4.69's own verdict on its
 * first line, re-checked by test/corpus-lighttpd.test.ts where lighttpd is
 * installed), exact AST positions, the grammar's own validations, deep
 * nesting, and problem ranges that always lie inside the text.
 */
import fs from "node:fs";
import path from "node:path";
import { Lexer } from "chevrotain";
import { lighttpdGrammar, parseLighttpd } from "../../grammars/lighttpd/index.js";
import { LighttpdParser } from "../../grammars/lighttpd/parser.js";
import { lighttpdLexerDefinition } from "../../grammars/lighttpd/tokens.js";
import type {
  LighttpdArray,
  LighttpdAssignment,
  LighttpdCondition,
  LighttpdConcat,
  LighttpdInclude,
  LighttpdScalar,
  LighttpdStatement,
} from "../../src/ast/lighttpd.js";
import type { Range } from "../../src/core/range.js";
import { lintFiles } from "../../src/engine/run.js";
import { readExpectations } from "../support/annotations.js";
import { ENGINE_IDS } from "../support/cases.js";
import { compare, type Found } from "../support/compare.js";
import { describeProblemRanges } from "../support/grammar-ranges.js";

const DIR = path.resolve("fixtures/grammar/lighttpd");
const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".conf"))
  .sort();

/** lighttpd 1.4.69's verdict, from the first line: `accepts`, `rejects: <its message>`, `accepts, but -p shows: <what it read>`. */
function verdictOf(text: string): { kind: "accepts" | "rejects" | "misreads"; detail: string } | null {
  const first = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/, 1)[0];
  const m = /^# lighttpd 1\.4\.69: (accepts, but -p shows: |accepts$|rejects: )(.*)$/.exec(first);
  if (!m) return null;
  return { kind: m[1] === "accepts" ? "accepts" : m[1] === "rejects: " ? "rejects" : "misreads", detail: m[2] };
}

/** Runs the engine ids plus the rules a fixture's annotations name. */
function lint(file: string) {
  const expected = readExpectations(file);
  const ruleIds = [...new Set(expected.map((e) => e.ruleId))].filter((id) => !ENGINE_IDS.includes(id));
  const run = lintFiles([file], { cwd: DIR, dialect: "lighttpd", only: [...ENGINE_IDS, ...ruleIds] });
  const found: Found[] = run.results.flatMap((r) =>
    r.messages.map((m) => ({ file: m.file, line: m.range.line, column: m.range.column, ruleId: m.ruleId, message: m.message })),
  );
  return { expected, found, run };
}

describe("fixtures/grammar/lighttpd", () => {
  test("has valid and invalid cases, and nothing else", () => {
    expect(files.filter((f) => f.startsWith("valid-")).length).toBeGreaterThan(5);
    expect(files.filter((f) => f.startsWith("invalid-")).length).toBeGreaterThan(5);
    expect(files.filter((f) => !/^(valid|invalid)-/.test(f))).toEqual([]);
    expect(fs.readdirSync(DIR).filter((f) => !f.endsWith(".conf"))).toEqual([]);
  });

  for (const name of files) {
    const file = path.join(DIR, name);
    const valid = name.startsWith("valid-");

    test(name, () => {
      const text = fs.readFileSync(file, "utf8");
      // Every case records lighttpd's verdict. A valid case is one lighttpd accepts, or
      // newer syntax (`if`, 1.4.74) that 1.4.69 rejects; an invalid case is one lighttpd
      // rejects, or one 1.4.69 accepts while silently reading something else.
      const verdict = verdictOf(text);
      expect(verdict).not.toBeNull();
      if (valid) expect(verdict!.kind === "accepts" || (verdict!.kind === "rejects" && name.includes("1.4.74"))).toBe(true);
      else expect(verdict!.kind).not.toBe("accepts");

      const { expected, found, run } = lint(file);
      expect(run.skipped).toEqual([]);
      if (valid) {
        expect(expected).toEqual([]);
        expect(found.filter((f) => f.ruleId === "syntax")).toEqual([]);
      } else {
        expect(expected.length).toBeGreaterThan(0);
      }
      expect(compare(expected, found, DIR)).toEqual({ missing: [], unexpected: [] });
    });
  }
});

describeProblemRanges(DIR, files, parseLighttpd);

describe("the grammar", () => {
  test("lighttpdGrammar(true) builds with chevrotain's validations and lexer optimizations on", () => {
    expect(() => lighttpdGrammar(true)).not.toThrow();
  });

  test("the lexer definition passes chevrotain's validations", () => {
    const lexer = new Lexer(lighttpdLexerDefinition, { positionTracking: "onlyOffset", ensureOptimizations: true });
    expect(lexer.lexerDefinitionErrors).toEqual([]);
    expect(lexer.tokenize('$HTTP["host"] == "x" { a += ( "k" => 1 ) }\n').errors).toEqual([]);
  });

  test("the parser passes chevrotain's validations and parses", () => {
    const parser = new LighttpdParser(true);
    parser.input = new Lexer(lighttpdLexerDefinition, { positionTracking: "onlyOffset" }).tokenize('$HTTP["host"] == "x" { a += ( "k" => 1 ) }\n').tokens;
    parser.config();
    expect(parser.errors).toEqual([]);
  });
});

function range(start: number, end: number, line: number, column: number, endLine: number, endColumn: number): Range {
  return { start, end, line, column, endLine, endColumn };
}

function parse(text: string) {
  return parseLighttpd("/virtual/lighttpd.conf", text);
}

const as = <T extends LighttpdStatement>(n: LighttpdStatement | undefined, kind: T["kind"]): T => {
  expect(n?.kind).toBe(kind);
  return n as T;
};

describe("parseLighttpd positions", () => {
  test("an assignment: name, operator, string value", () => {
    //            0         1         2
    //            0123456789012345678901234567
    const text = 'server.port  =  "8080" # c\n';
    const { ast } = parse(text);
    expect(ast.problems).toEqual([]);
    const a = as<LighttpdAssignment>(ast.children[0], "assignment");
    expect(a.name).toBe("server.port");
    expect(a.key).toBe("server.port");
    expect(a.op).toBe("=");
    expect(a.nameRange).toEqual(range(0, 11, 1, 1, 1, 12));
    expect(a.opRange).toEqual(range(13, 14, 1, 14, 1, 15));
    expect(a.range).toEqual(range(0, 22, 1, 1, 1, 23));
    // Read as a rule reads it: scalars compute their range (and derive their type and quote) when asked.
    const v = a.value as LighttpdScalar;
    expect({ kind: v.kind, type: v.type, raw: v.raw, value: v.value, quote: v.quote, range: v.range, file: v.file }).toEqual({
      kind: "arg",
      type: "string",
      raw: '"8080"',
      value: "8080",
      quote: '"',
      range: range(16, 22, 1, 17, 1, 23),
      file: "/virtual/lighttpd.conf",
    });
    expect(a.parent).toBeNull();
    expect(ast.comments).toEqual([{ text: "# c", range: range(23, 26, 1, 24, 1, 27) }]);
  });

  test("a name without a dot is a var. name; integers, references and += / :=", () => {
    const { ast } = parse('port = 80\nserver.port := port\nvar.list += ( "a" )\n');
    expect(ast.problems).toEqual([]);
    const [a, b, c] = ast.children as LighttpdAssignment[];
    expect([a.key, a.op, (a.value as LighttpdScalar).type, (a.value as LighttpdScalar).value]).toEqual(["var.port", "=", "integer", "80"]);
    expect([b.key, b.op, (b.value as LighttpdScalar).type, (b.value as LighttpdScalar).value, (b.value as LighttpdScalar).raw]).toEqual([
      "server.port",
      ":=",
      "ref",
      "var.port",
      "port",
    ]);
    expect([c.key, c.op, c.value?.kind]).toEqual(["var.list", "+=", "array"]);
  });

  test("every array entry has a position, its key, its value and its comma", () => {
    const text = 'x = (\n  "a" => "b",\n  ( "c" ),\n  "d"\n)\n';
    const { ast } = parse(text);
    expect(ast.problems).toEqual([]);
    const arr = as<LighttpdAssignment>(ast.children[0], "assignment").value as LighttpdArray;
    expect(arr.open).toEqual(range(4, 5, 1, 5, 1, 6));
    expect(arr.close).toEqual(range(37, 38, 5, 1, 5, 2));
    const [e1, e2, e3] = arr.entries;
    expect(e1.range).toEqual(range(8, 18, 2, 3, 2, 13));
    expect((e1.key as LighttpdScalar).value).toBe("a");
    expect((e1.value as LighttpdScalar).range).toEqual(range(15, 18, 2, 10, 2, 13));
    expect(e1.comma).toEqual(range(18, 19, 2, 13, 2, 14));
    expect(e2.key).toBeNull();
    expect(e2.value.kind).toBe("array");
    expect(e2.range).toEqual(range(22, 29, 3, 3, 3, 10));
    expect(e3.comma).toBeNull();
    expect((e3.value as LighttpdScalar).range).toEqual(range(33, 36, 4, 3, 4, 6));
  });

  test('string escapes: only \\" is one, and strings may span lines', () => {
    const { ast } = parse('a = "say \\"hi\\" \\. ok"\nb = "two\nlines"\n');
    expect(ast.problems).toEqual([]);
    const [a, b] = ast.children as LighttpdAssignment[];
    expect((a.value as LighttpdScalar).value).toBe('say "hi" \\. ok');
    expect((b.value as LighttpdScalar).value).toBe("two\nlines");
    expect(b.value?.range).toEqual(range(27, 38, 2, 5, 3, 7));
  });

  test("concatenation keeps its parts", () => {
    const { ast } = parse('a = var.x + "/y" + 1\n');
    const c = as<LighttpdAssignment>(ast.children[0], "assignment").value as LighttpdConcat;
    expect(c.kind).toBe("concat");
    expect(c.parts.map((p) => (p as LighttpdScalar).type)).toEqual(["ref", "string", "integer"]);
    expect(c.range).toEqual(range(4, 20, 1, 5, 1, 21));
  });

  test("a condition: test, head, children, close, else chain", () => {
    const text = '$HTTP["host"] =~ "^www" {\n  a = 1\n}\nelse $HTTP["url"] =^ "/x" { }\nelse { b = 2 }\n';
    const { ast } = parse(text);
    expect(ast.problems).toEqual([]);
    const [c1, c2, c3] = ast.children as LighttpdCondition[];
    expect(c1.keyword).toBeNull();
    expect(c1.test?.variable).toBe("HTTP");
    expect((c1.test?.field as LighttpdScalar).value).toBe("host");
    expect(c1.test?.op).toBe("=~");
    expect((c1.test?.pattern as LighttpdScalar).value).toBe("^www");
    expect(c1.headRange).toEqual(range(0, 25, 1, 1, 1, 26));
    expect(c1.closeRange).toEqual(range(34, 35, 3, 1, 3, 2));
    expect(c1.range).toEqual(range(0, 35, 1, 1, 3, 2));
    expect(c1.children.map((c) => (c as LighttpdAssignment).parent)).toEqual([c1]);
    expect([c2.keyword, c2.test?.op, c2.prev]).toEqual(["else", "=^", c1]);
    expect([c3.keyword, c3.test, c3.prev]).toEqual(["else", null, c2]);
  });

  test("every spelling of else, and if", () => {
    const { ast } = parse(
      'if $HTTP["host"] == "a" { }\nelif $HTTP["host"] == "b" { }\nelsif $HTTP["host"] == "c" { }\nelseif $HTTP["host"] == "d" { }\nelse if $HTTP["host"] == "e" { }\n',
    );
    expect(ast.problems).toEqual([]);
    expect((ast.children as LighttpdCondition[]).map((c) => c.keyword)).toEqual(["if", "elif", "elsif", "elseif", "else if"]);
    expect((ast.children as LighttpdCondition[]).map((c) => c.prev === null)).toEqual([true, false, false, false, false]);
  });

  test("'if' is a name when no condition follows it; keywords inside names are names", () => {
    const { ast } = parse("if = 1\nelsewhere = 2\nglobal_x = 3\n");
    expect(ast.problems).toEqual([]);
    expect((ast.children as LighttpdAssignment[]).map((a) => a.key)).toEqual(["var.if", "var.elsewhere", "var.global_x"]);
  });

  test("include and include_shell", () => {
    const { ast } = parse('include "conf.d/*.conf"\ninclude_shell "cat /etc/x"\n');
    const [a, b] = ast.children as LighttpdInclude[];
    expect([a.shell, (a.value as LighttpdScalar).value, a.keywordRange]).toEqual([false, "conf.d/*.conf", range(0, 7, 1, 1, 1, 8)]);
    expect([b.shell, (b.value as LighttpdScalar).value]).toEqual([true, "cat /etc/x"]);
  });

  test("a UTF-8 BOM stays at offset 0 and is one problem", () => {
    const { ast } = parse("\uFEFFa = 1\n");
    expect(ast.problems.map((p) => [p.range.start, p.range.end])).toEqual([[0, 1]]);
    expect(as<LighttpdAssignment>(ast.children[0], "assignment").nameRange).toEqual(range(1, 2, 1, 2, 1, 3));
  });

  test("CRLF line ends", () => {
    const { ast } = parse('a = 1\r\n$HTTP["host"] == "x" {\r\n  b = "c"\r\n}\r\n');
    expect(ast.problems).toEqual([]);
    const c = as<LighttpdCondition>(ast.children[1], "condition");
    expect((c.children[0] as LighttpdAssignment).nameRange).toEqual(range(33, 34, 3, 3, 3, 4));
    expect(c.closeRange).toEqual(range(42, 43, 4, 1, 4, 2));
  });

  test("a syntax error marks its statement incomplete and the next statement is read", () => {
    const { ast } = parse('a = ( "x" => )\nb = 2\n');
    expect(ast.problems).toHaveLength(1);
    const [a, b] = ast.children as LighttpdAssignment[];
    expect(a.incomplete).toBe(true);
    expect([b.key, b.incomplete]).toEqual(["var.b", undefined]);
  });

  test("10,000 nested conditions parse without recursion", () => {
    const depth = 10_000;
    const text = '$HTTP["url"] =^ "/" {\n'.repeat(depth) + "a = 1\n" + "}\n".repeat(depth);
    const { ast } = parse(text);
    expect(ast.problems).toEqual([]);
    let node = ast.children[0] as LighttpdCondition;
    let n = 1;
    while (node.children[0]?.kind === "condition") {
      node = node.children[0] as LighttpdCondition;
      n++;
    }
    expect(n).toBe(depth);
  });

  test("arrays nested too deep are one problem, not a crash", () => {
    const { ast } = parse("a = " + "(".repeat(5000) + ")".repeat(5000) + "\nb = 1\n");
    expect(ast.problems.map((p) => p.message)).toEqual([expect.stringContaining("arrays nested more than")]);
    expect((ast.children[1] as LighttpdAssignment).key).toBe("var.b");
  });

  test("unclosed blocks at the end of the file: one problem each, at their heads", () => {
    const { ast } = parse('$HTTP["host"] == "a" {\n  $HTTP["url"] == "/" {\n');
    expect(ast.problems.map((p) => p.range.line)).toEqual([1, 2]);
    expect(ast.children[0].incomplete).toBe(true);
  });
});
