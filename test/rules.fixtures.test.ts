/**
 * The one runner for every rule fixture: each case runs with its rule plus the
 * engine ids, and the findings must equal the `# expect:` annotations written
 * in the fixture files (too few and too many both fail). Fixable findings are
 * checked against the case's `.fixed` golden file (unsafe fixes too).
 */
import fs from "node:fs";
import path from "node:path";
import { applyFixes } from "../src/engine/apply-fixes.js";
import { lintFiles } from "../src/engine/run.js";
import { allRules } from "../src/engine/registry.js";
import { readExpectations } from "./support/annotations.js";
import { compare, type Found } from "./support/compare.js";
import { ENGINE_IDS, listCases, type Case } from "./support/cases.js";

const FIXTURES = path.resolve("fixtures/rules");

function lintCase(c: Case, id: string, overlay?: Map<string, string>) {
  return lintFiles(c.entries ?? [c.entry], { ...c.options, cwd: c.dir, only: [id, ...ENGINE_IDS], overlay });
}

const rules = allRules();

for (const rule of rules) {
  const id = rule.meta.id;
  const dir = path.join(FIXTURES, id);
  describe(id, () => {
    const cases = fs.existsSync(dir) ? listCases(dir) : [];

    test("has fixtures that fire and fixtures that stay clean", () => {
      expect(cases.filter((c) => c.kind === "fires").length).toBeGreaterThan(0);
      expect(cases.filter((c) => c.kind === "clean").length).toBeGreaterThan(0);
    });

    for (const c of cases) {
      test(`${c.name}`, () => {
        const expected = c.files.flatMap((f) => readExpectations(f));
        if (c.kind === "fires") expect(expected.filter((e) => e.ruleId === id).length).toBeGreaterThan(0);
        else expect(expected).toEqual([]);
        const run = lintCase(c, id);
        const found: Found[] = run.results.flatMap((r) =>
          r.messages.map((m) => ({
            file: m.file,
            line: m.range.line,
            column: m.range.column,
            ruleId: m.ruleId,
            message: m.message,
            ...(m.related ? { related: m.related.map((x) => ({ file: x.file, line: x.range.line, message: x.message })) } : {}),
          })),
        );
        expect(compare(expected, found, FIXTURES)).toEqual({ missing: [], unexpected: [] });

        // The golden shows the rule's fixes applied, unsafe ones included (as Ruff's --unsafe-fixes snapshots do).
        const fixable = run.results.flatMap((r) => r.messages).filter((m) => m.ruleId === id && m.fix !== undefined);
        if (c.files.length === 1 && c.entry === c.files[0]) {
          if (fixable.length) expect(c.fixed ? "has golden" : `${c.name}: fixable finding without a .fixed golden file`).toBe("has golden");
          if (c.fixed) {
            expect(rule.meta.fix).toBeDefined();
            const text = fs.readFileSync(c.entry, "utf8");
            const out = applyFixes(
              text,
              c.entry,
              fixable.map((m) => m.fix!),
            ).text;
            expect(out).toBe(fs.readFileSync(c.fixed, "utf8"));
            // The fixed text re-parses and no longer has these findings.
            const again = lintCase(c, id, new Map([[c.entry, out]])).results.flatMap((r) => r.messages);
            expect(again.filter((m) => m.ruleId === "syntax")).toEqual([]);
            expect(again.filter((m) => m.ruleId === id && m.fix)).toEqual([]);
          }
        }
      });
    }
  });
}
