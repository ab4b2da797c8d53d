/** The engine with test-only rules: severities, profiles, messages, fixes, dedupe. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
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
    meta: { id: "test/every-directive", severity: "warning", summary: "Reports every directive", rationale: "test", seeds: [], messages: { d: "directive {{name}}" }, ...overrides },
    check({ server, report }) {
      for (const e of server.entries) if (e.node.kind === "directive") report({ messageId: "d", data: { name: e.node.name }, at: e.node, ...(fix ? { fix: (f) => [f.replaceRange(e.node, "X")] } : {}) });
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
      for (const e of server.entries) if (e.node.kind === "directive") report({ messageId: "d", data: { name: e.node.name }, at: e.node, ...(e.node.name === "Listen" ? { severity: "error" as const } : {}) });
    },
  }) as Rule;
  const msgs = (o: object) => lintFiles([f], { registry: [rule], ...o }).results[0].messages.map((m) => `${m.severity} ${m.message}`);
  expect(msgs({})).toEqual(["warning directive ServerName", "error directive Listen"]);
  expect(msgs({ rules: { "test/escalates": "info" } })).toEqual(["info directive ServerName", "info directive Listen"]);
});

test("a rule that offers an undeclared fix or an unknown message is a bug", () => {
  const f = conf("ServerName a\n");
  expect(() => lintFiles([f], { registry: [every({}, true)] })).toThrow(/does not declare meta.fix/);
  const bad = defineRule<"apache">({ ...(every() as Rule<"apache">), check: ({ server, report }) => report({ messageId: "nope", at: server.entries[0].node }) }) as Rule;
  expect(() => lintFiles([f], { registry: [bad] })).toThrow(/unknown messageId 'nope'/);
});

test("a directive reached twice (same file included in two places) is reported once", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-engine-"));
  fs.writeFileSync(path.join(dir, "common.conf"), "ServerAdmin a@b\n");
  fs.writeFileSync(path.join(dir, "httpd.conf"), "<VirtualHost *:80>\nInclude common.conf\n</VirtualHost>\n<VirtualHost *:81>\nInclude common.conf\n</VirtualHost>\n");
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

test("deep nesting and long include chains are walked without recursion", () => {
  const deep = conf("<Directory /a>\n".repeat(10_000) + "PythonDebug On\n" + "</Directory>\n".repeat(10_000));
  const run = lintFiles([deep], {});
  // httpd refuses a <Directory> inside another: reported once, at the first nested one.
  expect(run.results[0].messages.map((m) => `${m.range.line} ${m.ruleId}`)).toEqual(["2 directive-context", "10001 apache/python-debug-on"]);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-chain-"));
  const n = 3000;
  for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, `f${i}.conf`), i < n - 1 ? `Include f${i + 1}.conf\n` : "PythonDebug On\n");
  const chain = lintFiles([path.join(dir, "f0.conf")], {});
  expect(chain.results.length).toBe(n);
  expect(chain.results.flatMap((r) => r.messages).map((m) => m.ruleId)).toEqual(["apache/python-debug-on"]);
});
