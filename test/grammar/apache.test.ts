/**
 * The Apache grammar: fixture files whose `# expect:` annotations must equal
 * what the engine reports (each verdict checked against httpd 2.4's
 * `apache2 -t`, noted at the top of the file), exact AST positions, the grammar's
 * own validations, and problem ranges that always lie inside the text.
 */
import fs from "node:fs";
import path from "node:path";
import { Lexer } from "chevrotain";
import { apacheGrammar, parseApache } from "../../grammars/apache/index.js";
import { ApacheParser } from "../../grammars/apache/parser.js";
import { apacheLexerDefinition } from "../../grammars/apache/tokens.js";
import type { ApacheDirective, ApacheNode, ApacheSection } from "../../src/ast/apache.js";
import type { Range } from "../../src/core/range.js";
import { lintFiles } from "../../src/engine/run.js";
import { readExpectations } from "../support/annotations.js";
import { ENGINE_IDS } from "../support/cases.js";
import { compare, type Found } from "../support/compare.js";
import { describeProblemRanges } from "../support/grammar-ranges.js";

const DIR = path.resolve("fixtures/grammar/apache");
const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".conf"))
  .sort();

/** Runs the engine ids plus the rules a fixture's annotations name. */
function lint(file: string) {
  const expected = readExpectations(file);
  const ruleIds = [...new Set(expected.map((e) => e.ruleId))].filter((id) => !ENGINE_IDS.includes(id));
  const run = lintFiles([file], { cwd: DIR, dialect: "apache", only: [...ENGINE_IDS, ...ruleIds] });
  const found: Found[] = run.results.flatMap((r) =>
    r.messages.map((m) => ({ file: m.file, line: m.range.line, column: m.range.column, ruleId: m.ruleId, message: m.message })),
  );
  return { expected, found, run };
}

describe("fixtures/grammar/apache", () => {
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
      // Every case records httpd's verdict.
      const verdict = text.split(/\r\n|\r|\n/).find((l) => l.startsWith("# httpd 2.4"));
      expect(verdict).toBeDefined();
      expect(/Syntax OK/.test(verdict!)).toBe(valid);

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

describeProblemRanges(DIR, files, parseApache, (file, _text, isInside) => {
  for (const r of lint(file).run.results) {
    for (const m of r.messages) expect({ message: m.message, inside: isInside(m.range) }).toEqual({ message: m.message, inside: true });
  }
});

describe("the grammar", () => {
  test("apacheGrammar(true) builds with chevrotain's validations on", () => {
    expect(() => apacheGrammar(true)).not.toThrow();
  });

  // The two halves on their own, so that a failure above says which one.
  test("the lexer definition passes chevrotain's validations", () => {
    const lexer = new Lexer(apacheLexerDefinition, { positionTracking: "onlyOffset" });
    expect(lexer.lexerDefinitionErrors).toEqual([]);
    expect(lexer.tokenize("<Directory /x>\n  Options None\n</Directory>\n").errors).toEqual([]);
  });

  test("the parser passes chevrotain's validations and parses", () => {
    const parser = new ApacheParser(true);
    parser.input = new Lexer(apacheLexerDefinition, { positionTracking: "onlyOffset" }).tokenize("<Directory /x>\n  Options None\n</Directory>\n").tokens;
    parser.config();
    expect(parser.errors).toEqual([]);
  });
});

/** Range from 1-based positions and 0-based offsets. */
function range(start: number, end: number, line: number, column: number, endLine: number, endColumn: number): Range {
  return { start, end, line, column, endLine, endColumn };
}

function parse(text: string) {
  const { ast, source } = parseApache("/virtual/test.conf", text);
  return { ast, source };
}

const directive = (n: ApacheNode | undefined) => {
  expect(n?.kind).toBe("directive");
  return n as ApacheDirective;
};
const section = (n: ApacheNode | undefined) => {
  expect(n?.kind).toBe("section");
  return n as ApacheSection;
};

describe("parseApache positions", () => {
  test("directive name and an unquoted argument", () => {
    const { ast } = parse("ServerAdmin  webmaster@example.com\n");
    expect(ast.problems).toEqual([]);
    const d = directive(ast.children[0]);
    expect(ast.children).toHaveLength(1);
    expect(d.name).toBe("ServerAdmin");
    expect(d.key).toBe("serveradmin");
    expect(d.parent).toBeNull();
    expect(d.nameRange).toEqual(range(0, 11, 1, 1, 1, 12));
    expect(d.range).toEqual(range(0, 34, 1, 1, 1, 35));
    // Each field as rules read it (range and file are computed from offsets: getters, not own properties).
    expect(d.args.map((a) => ({ kind: a.kind, raw: a.raw, value: a.value, quote: a.quote, range: a.range, file: a.file }))).toEqual([
      {
        kind: "arg",
        raw: "webmaster@example.com",
        value: "webmaster@example.com",
        quote: null,
        range: range(13, 34, 1, 14, 1, 35),
        file: "/virtual/test.conf",
      },
    ]);
  });

  test("an argument after a continuation line", () => {
    //            0         1           2
    //            0123456789012345 6 78901234567890123456
    const text = "Options Indexes \\\n    FollowSymLinks\nServerAdmin x\n";
    const { ast } = parse(text);
    expect(ast.problems).toEqual([]);
    expect(ast.children).toHaveLength(2);
    const d = directive(ast.children[0]);
    expect(d.args.map((a) => a.value)).toEqual(["Indexes", "FollowSymLinks"]);
    expect(d.args[0].range).toEqual(range(8, 15, 1, 9, 1, 16));
    expect(d.args[1].range).toEqual(range(22, 36, 2, 5, 2, 19));
    expect(text.slice(22, 36)).toBe("FollowSymLinks");
    expect(d.range).toEqual(range(0, 36, 1, 1, 2, 19));
    expect(directive(ast.children[1]).nameRange).toEqual(range(37, 48, 3, 1, 3, 12));
  });

  test("a continuation in the middle of the directive name joins the text (Server\\ + Admin)", () => {
    const text = "Server\\\nAdmin x\n";
    const { ast } = parse(text);
    expect(ast.problems).toEqual([]);
    expect(ast.children).toHaveLength(1);
    const d = directive(ast.children[0]);
    expect(d.name).toBe("ServerAdmin");
    expect(d.key).toBe("serveradmin");
    expect(d.nameRange).toEqual(range(0, 13, 1, 1, 2, 6));
    expect(d.args.map((a) => [a.value, a.range.line, a.range.column])).toEqual([["x", 2, 7]]);
  });

  test("quoted arguments with escapes", () => {
    const text =
      [
        'ErrorDocument 404 "Not \\"found\\""', // line 1
        "Define g 'say \\'hi\\''", // line 2
        'ErrorDocument 500 "a\\\\b"', // line 3
        'ServerAdmin "unterminated', // line 4
      ].join("\n") + "\n";
    const { ast, source } = parse(text);
    expect(ast.problems).toEqual([]);
    const [d1, d2, d3, d4] = ast.children.map(directive);

    expect(d1.args[1]).toMatchObject({ raw: '"Not \\"found\\""', value: 'Not "found"', quote: '"' });
    expect(d1.args[1].range).toEqual(range(18, 33, 1, 19, 1, 34));
    expect(d1.range.endColumn).toBe(34);

    const l2 = source.lineStart(2);
    expect(d2.args[1]).toMatchObject({ raw: "'say \\'hi\\''", value: "say 'hi'", quote: "'" });
    expect(d2.args[1].range).toEqual(range(l2 + 9, l2 + 21, 2, 10, 2, 22));

    expect(d3.args[1]).toMatchObject({ raw: '"a\\\\b"', value: "a\\b", quote: '"' });

    // httpd tolerates a quote left open: the argument runs to the end of the line.
    const l4 = source.lineStart(4);
    expect(d4.args).toHaveLength(1);
    expect(d4.args[0]).toMatchObject({ raw: '"unterminated', value: "unterminated", quote: '"' });
    expect(d4.args[0].range).toEqual(range(l4 + 12, l4 + 25, 4, 13, 4, 26));
  });

  test("a section: openRange, args, children, closeRange, range", () => {
    //             <Directory "/var/www">\n      = 23 chars
    //                 Options None\n            = 17 chars
    //             </Directory>\n                = 13 chars
    const text = '<Directory "/var/www">\n    Options None\n</Directory>\n';
    const { ast } = parse(text);
    expect(ast.problems).toEqual([]);
    expect(ast.children).toHaveLength(1);
    const s = section(ast.children[0]);
    expect(s.name).toBe("Directory");
    expect(s.key).toBe("directory");
    expect(s.incomplete).toBeUndefined();
    expect(s.openRange).toEqual(range(0, 22, 1, 1, 1, 23));
    expect(s.args).toHaveLength(1);
    expect(s.args[0]).toMatchObject({ raw: '"/var/www"', value: "/var/www", quote: '"', range: range(11, 21, 1, 12, 1, 22) });
    expect(s.closeRange).toEqual(range(40, 52, 3, 1, 3, 13));
    expect(text.slice(40, 52)).toBe("</Directory>");
    expect(s.range).toEqual(range(0, 52, 1, 1, 3, 13));
    expect(s.children).toHaveLength(1);
    const child = directive(s.children[0]);
    expect(child.name).toBe("Options");
    expect(child.parent).toBe(s);
    expect(child.range).toEqual(range(27, 39, 2, 5, 2, 17));
  });

  test("nested sections close case-insensitively; section args end at the last '>'", () => {
    const text = "<VirtualHost *:80>\n  <IfVersion >= 2.4>\n    Options None\n  </ifversion>\n</VIRTUALHOST>\n";
    const { ast } = parse(text);
    expect(ast.problems).toEqual([]);
    const vh = section(ast.children[0]);
    const iv = section(vh.children[0]);
    expect(iv.parent).toBe(vh);
    expect(iv.args.map((a) => a.value)).toEqual([">=", "2.4"]);
    expect(iv.openRange).toEqual(range(21, 39, 2, 3, 2, 21));
    expect(iv.closeRange).toMatchObject({ line: 4, column: 3, endLine: 4, endColumn: 15 });
    expect(vh.closeRange).toMatchObject({ line: 5, column: 1, endLine: 5, endColumn: 15 });
    expect(directive(iv.children[0]).parent).toBe(iv);
  });

  test("a section tag continued over several lines", () => {
    const text = "<VirtualHost \\\n  a:80 \\\n  >\n</VirtualHost>\n";
    const { ast } = parse(text);
    expect(ast.problems).toEqual([]);
    const s = section(ast.children[0]);
    expect(s.args.map((a) => [a.value, a.range.line, a.range.column])).toEqual([["a:80", 2, 3]]);
    // The tag ends after the `>` on line 3 (offset 26).
    expect(text[26]).toBe(">");
    expect(s.openRange).toEqual(range(0, 27, 1, 1, 3, 4));
    expect(s.closeRange).toMatchObject({ line: 4, column: 1 });
    expect(s.children).toEqual([]);
  });

  test("<Else> with no arguments", () => {
    const { ast } = parse('<If "true">\n</If>\n<Else>\n  Options None\n</Else>\n');
    expect(ast.problems).toEqual([]);
    const e = section(ast.children[1]);
    expect(e.name).toBe("Else");
    expect(e.args).toEqual([]);
    expect(e.openRange).toMatchObject({ line: 3, column: 1, endLine: 3, endColumn: 7 });
    expect(e.children).toHaveLength(1);
  });

  test("an unclosed section: the problem is on its opening tag, closeRange is null", () => {
    const text = "ServerAdmin x\n<Directory /x>\n  Options None\n";
    const { ast } = parse(text);
    const s = section(ast.children[1]);
    expect(s.incomplete).toBe(true);
    expect(s.closeRange).toBeNull();
    expect(s.openRange).toEqual(range(14, 28, 2, 1, 2, 15));
    expect(s.range.end).toBe(text.length);
    expect(ast.problems).toHaveLength(1);
    expect(ast.problems[0].message).toContain("<Directory> was not closed");
    expect(ast.problems[0].range).toEqual(s.openRange);
  });

  test("comments are kept in ast.comments; a comment ending in \\ swallows the next line", () => {
    const text = "# one\nServerAdmin x # not a comment\n  # two \\\nNotADirective here\nOptions None\n";
    const { ast } = parse(text);
    expect(ast.problems).toEqual([]);
    expect(ast.comments).toEqual([
      { text: "# one", range: range(0, 5, 1, 1, 1, 6) },
      { text: "# two \\\nNotADirective here", range: range(38, 64, 3, 3, 4, 19) },
    ]);
    // httpd has no trailing comments: `# not a comment` is arguments.
    expect(ast.children.map((n) => directive(n).name)).toEqual(["ServerAdmin", "Options"]);
    expect(directive(ast.children[0]).args.map((a) => a.value)).toEqual(["x", "#", "not", "a", "comment"]);
    expect(directive(ast.children[1]).nameRange).toMatchObject({ line: 5, column: 1 });
  });

  test("a UTF-8 BOM stays at offset 0: the first directive starts at column 2", () => {
    const text = "\uFEFFServerAdmin x\nOptions None\n";
    const { ast, source } = parse(text);
    expect(source.text.charCodeAt(0)).toBe(0xfeff);
    expect(source.text).toBe(text);
    const d = directive(ast.children[0]);
    expect(d.name).toBe("ServerAdmin");
    expect(d.nameRange).toEqual(range(1, 12, 1, 2, 1, 13));
    expect(d.args[0].range).toEqual(range(13, 14, 1, 14, 1, 15));
    expect(directive(ast.children[1]).nameRange).toEqual(range(15, 22, 2, 1, 2, 8));
    expect(ast.problems).toHaveLength(1);
    expect(ast.problems[0].message).toContain("byte order mark");
    expect(ast.problems[0].range).toEqual(range(0, 1, 1, 1, 1, 2));
  });

  test("CRLF: columns do not count \\r, continuations and comments work", () => {
    const text = "ServerAdmin x\r\nOptions A \\\r\n  B\r\n# c\r\n<Directory /x>\r\n</Directory>\r\n";
    const { ast } = parse(text);
    expect(ast.problems).toEqual([]);
    const [d1, d2] = [directive(ast.children[0]), directive(ast.children[1])];
    expect(d1.args).toHaveLength(1);
    expect(d1.args[0]).toMatchObject({ raw: "x", value: "x", range: range(12, 13, 1, 13, 1, 14) });
    expect(d1.range).toEqual(range(0, 13, 1, 1, 1, 14));
    expect(d2.nameRange).toEqual(range(15, 22, 2, 1, 2, 8));
    expect(d2.args.map((a) => a.raw)).toEqual(["A", "B"]);
    expect(d2.args[1].range).toEqual(range(30, 31, 3, 3, 3, 4));
    expect(ast.comments).toEqual([{ text: "# c", range: range(33, 36, 4, 1, 4, 4) }]);
    const s = section(ast.children[2]);
    expect(s.openRange).toEqual(range(38, 52, 5, 1, 5, 15));
    expect(s.closeRange).toEqual(range(54, 66, 6, 1, 6, 13));
  });

  test("a lone CR ends a line for positions but is white space to httpd", () => {
    // httpd reads `ServerAdmin x\rOptions None` as one line ("ServerAdmin takes one argument").
    const text = "ServerAdmin x\rOptions None\n";
    const { ast } = parse(text);
    expect(ast.children).toHaveLength(1);
    const d = directive(ast.children[0]);
    expect(d.args.map((a) => a.value)).toEqual(["x", "Options", "None"]);
    expect(d.args[0].range).toEqual(range(12, 13, 1, 13, 1, 14));
    expect(d.args[1].range).toEqual(range(14, 21, 2, 1, 2, 8));
    expect(d.args[2].range).toEqual(range(22, 26, 2, 9, 2, 13));
    expect(d.range).toEqual(range(0, 26, 1, 1, 2, 13));
  });
});
