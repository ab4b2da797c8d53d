/** The engine with test-only rules: severities, profiles, messages, fixes, dedupe. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as fc from "fast-check";
import type { ApacheNode } from "../src/ast/apache.js";
import { MAX_NESTING } from "../src/ast/types.js";
import { createFixer } from "../src/engine/fixer.js";
import { SourceFile } from "../src/source/source-file.js";
import { applyFixes } from "../src/engine/apply-fixes.js";
import { lintFiles } from "../src/engine/run.js";
import { defineRule, type Rule } from "../src/rule-api.js";

function conf(text: string): string {
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-engine-")), "httpd.conf");
  fs.writeFileSync(p, text);
  return p;
}

const every = (overrides: Partial<Rule<"apache">["meta"]> = {}, fix = false) =>
  defineRule({
    dialect: "apache",
    meta: {
      id: "test/every-directive",
      severity: "warning",
      summary: "Reports every directive",
      rationale: "test",
      seeds: [],
      messages: { d: "directive {{name}}" },
      ...overrides,
    },
    check({ server, report }) {
      for (const e of server.entries)
        if (e.node.kind === "directive")
          report({ messageId: "d", data: { name: e.node.name }, at: e.node, ...(fix ? { fix: (f) => [f.replaceRange(e.node, "X")] } : {}) });
    },
  }) as Rule;

test("messages are filled from data, severities follow profile and overrides", () => {
  const f = conf("ServerName a\nListen 80\n");
  const rule = every({ profiles: { development: "info" } });
  const msgs = (o: object) => lintFiles([f], { registry: [rule], ...o }).results[0].messages;
  expect(msgs({}).map((m) => `${m.severity} ${m.message}`)).toEqual(["warning directive ServerName", "warning directive Listen"]);
  expect(msgs({ profile: "development" }).map((m) => m.severity)).toEqual(["info", "info"]);
  expect(msgs({ profile: "development", rules: { "test/every-directive": "error" } }).map((m) => m.severity)).toEqual(["error", "error"]);
  expect(msgs({ rules: { "test/every-directive": "off" } })).toEqual([]);
});

test("a finding may be more serious than its rule's default, unless the rule's severity is configured", () => {
  const f = conf("ServerName a\nListen 80\n");
  const rule = defineRule({
    dialect: "apache",
    meta: { id: "test/escalates", severity: "warning", summary: "Escalates Listen", rationale: "test", seeds: [], messages: { d: "directive {{name}}" } },
    check({ server, report }) {
      for (const e of server.entries)
        if (e.node.kind === "directive")
          report({ messageId: "d", data: { name: e.node.name }, at: e.node, ...(e.node.name === "Listen" ? { severity: "error" as const } : {}) });
    },
  }) as Rule;
  const msgs = (o: object) => lintFiles([f], { registry: [rule], ...o }).results[0].messages.map((m) => `${m.severity} ${m.message}`);
  expect(msgs({})).toEqual(["warning directive ServerName", "error directive Listen"]);
  expect(msgs({ rules: { "test/escalates": "info" } })).toEqual(["info directive ServerName", "info directive Listen"]);
});

test("a rule that offers an undeclared fix or an unknown message is a bug", () => {
  const f = conf("ServerName a\n");
  expect(() => lintFiles([f], { registry: [every({}, true)] })).toThrow(/does not declare meta.fix/);
  const bad = defineRule<"apache">({
    ...(every() as Rule<"apache">),
    check: ({ server, report }) => report({ messageId: "nope", at: server.entries[0].node }),
  }) as Rule;
  expect(() => lintFiles([f], { registry: [bad] })).toThrow(/unknown messageId 'nope'/);
});

test("a rule that throws is one internal-error naming the rule and the file; the other rules still run", () => {
  const f = conf("ServerName a\nListen 80\n");
  const thrower = defineRule<"apache">({
    dialect: "apache",
    meta: { id: "test/throws", severity: "warning", summary: "Throws after a finding", rationale: "test", seeds: [], messages: { d: "found" } },
    check({ server, report }) {
      report({ messageId: "d", at: server.entries[0].node });
      throw new TypeError("Cannot read properties of undefined (reading 'args')");
    },
  }) as Rule;
  const run = lintFiles([f], { registry: [thrower, every()] });
  expect(run.results.map((r) => r.filePath)).toEqual([f]);
  expect(run.results[0].messages.map((m) => [m.ruleId, m.severity, m.message, m.range.line])).toEqual([
    [
      "internal-error",
      "error",
      "rule test/throws failed on httpd.conf (a bug in djlint-conf, please report it): Cannot read properties of undefined (reading 'args')",
      1,
    ],
    ["test/every-directive", "warning", "directive ServerName", 1],
    ["test/every-directive", "warning", "directive Listen", 2],
  ]);
});

test("a directive reached twice (same file included in two places) is reported once", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-engine-"));
  fs.writeFileSync(path.join(dir, "common.conf"), "ServerAdmin a@b\n");
  fs.writeFileSync(
    path.join(dir, "httpd.conf"),
    "<VirtualHost *:80>\nInclude common.conf\n</VirtualHost>\n<VirtualHost *:81>\nInclude common.conf\n</VirtualHost>\n",
  );
  const run = lintFiles([path.join(dir, "httpd.conf")], { registry: [every()] });
  const common = run.results.find((r) => r.filePath.endsWith("common.conf"))!;
  expect(common.messages.map((m) => m.message)).toEqual(["directive ServerAdmin"]);
});

test("fixes apply in order; overlapping ones are skipped and nothing else changes", () => {
  const text = "abcdef";
  const fix = (start: number, end: number, t: string) => ({ title: "t", safety: "safe" as const, edits: [{ file: "f", start, end, text: t }] });
  const r = applyFixes(text, "f", [fix(4, 5, "E"), fix(0, 2, "XY"), fix(1, 3, "no")]);
  expect(r.text).toBe("XYcdEf");
  expect(r.skipped.length).toBe(1);
});

test("deep nesting is walked without recursion, down to MAX_NESTING levels; long include chains in full", () => {
  const lines = (text: string) => lintFiles([conf(text)], {}).results[0].messages.map((m) => `${m.range.line} ${m.ruleId}`);
  // httpd refuses a <Directory> inside another: reported once, at the first nested one.
  const within = "<Directory /a>\n".repeat(MAX_NESTING) + "PythonDebug On\n" + "</Directory>\n".repeat(MAX_NESTING);
  expect(lines(within)).toEqual(["2 directive-context", `${MAX_NESTING + 1} apache/python-debug-on`]);
  // Deeper: what is inside the section one level too deep is not checked, and that is said where it starts.
  const deep = "<Directory /a>\n".repeat(10_000) + "PythonDebug On\n" + "</Directory>\n".repeat(10_000);
  expect(lines(deep)).toEqual(["2 directive-context", `${MAX_NESTING + 1} include-not-followed`]);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-chain-"));
  const n = 3000;
  for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, `f${i}.conf`), i < n - 1 ? `Include f${i + 1}.conf\n` : "PythonDebug On\n");
  const chain = lintFiles([path.join(dir, "f0.conf")], {});
  expect(chain.results.length).toBe(n);
  expect(chain.results.flatMap((r) => r.messages).map((m) => m.ruleId)).toEqual(["apache/python-debug-on"]);
});

test("fix edits find line starts and ends by a short look or, on long lines, by binary search: the same edits as scanning the text", () => {
  // The scans the fixer made before (one per fix, over the whole line or file): the reference. A piece longer than
  // the fixer's short look (512 characters) makes lines that take the binary search.
  // (lastIndexOf clamps a start of -1 to 0: at offset 0 there is no line break before, whatever the first character.)
  const lineStart = (t: string, offset: number) => (offset === 0 ? 0 : t.lastIndexOf("\n", offset - 1) + 1);
  const eolOf = (t: string) => (t.includes("\r\n") ? "\r\n" : "\n");
  const piece = fc.constantFrom("a", "b", " ", "\t", "\n", "\r\n", "\r", "c".repeat(300), "d".repeat(700));
  fc.assert(
    fc.property(
      fc.array(piece, { minLength: 1, maxLength: 40 }).map((a) => a.join("")),
      fc.nat(),
      fc.nat(),
      (text, x, y) => {
        const source = new SourceFile("f", text);
        const fixer = createFixer(() => source);
        const [start, end] = [x % (text.length + 1), y % (text.length + 1)].sort((a, b) => a - b);
        const range = { ...source.range(start, end) };
        const at = { file: "f", range };
        // insertLinesBefore
        const ls = lineStart(text, start);
        const before = text.slice(ls, start);
        const wantBefore = /^[ \t]*$/.test(before)
          ? { file: "f", start: ls, end: ls, text: [before + "X" + eolOf(text)].join("") }
          : { file: "f", start, end: start, text: "X " };
        expect(fixer.insertLinesBefore(at, ["X"])).toEqual(wantBefore);
        // removeLines and insertLinesAfter, on a directive there
        const node = { kind: "directive", range, file: "f" } as unknown as ApacheNode;
        const nl = text.indexOf("\n", end);
        expect(fixer.removeLines(node)).toEqual({ file: "f", start: ls, end: nl < 0 ? text.length : nl + 1, text: "" });
        const indent = /^[ \t]*/.exec(text.slice(ls, start))?.[0] ?? "";
        const eol = eolOf(text);
        expect(fixer.insertLinesAfter(node, ["X"])).toEqual(
          nl < 0
            ? { file: "f", start: text.length, end: text.length, text: eol + indent + "X" + eol }
            : { file: "f", start: nl + 1, end: nl + 1, text: indent + "X" + eol },
        );
      },
    ),
    { numRuns: 3000, seed: 14 },
  );
});
