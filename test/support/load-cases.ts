/**
 * Include-resolution cases: each folder under fixtures/load/<dialect>/ is a
 * server tree whose files carry the expected findings as `# expect:`
 * annotations. `case.json` may give the entry, a path map (relative to the
 * case) and `nginxPrefix`.
 */
import fs from "node:fs";
import path from "node:path";
import { lintFiles, type LintOptions } from "../../src/engine/run.js";
import type { Dialect } from "../../src/core/dialect.js";
import { readExpectations } from "./annotations.js";
import { ENGINE_IDS } from "./cases.js";

export interface LoadCaseOptions {
  /** The entry file when case.json names none. */
  entry: string;
  dialect?: Dialect;
  /** Which files may carry annotations. */
  annotated: (name: string) => boolean;
  /** Run only the engine ids and the rules the annotations name (else every rule). */
  onlyAnnotatedRules?: boolean;
}

function files(dir: string, annotated: (name: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, annotated) : annotated(e.name) ? [p] : [];
  });
}

export function describeLoadCases(title: string, root: string, o: LoadCaseOptions): void {
  describe(title, () => {
    for (const name of fs.readdirSync(root).sort()) {
      const dir = path.join(root, name);
      test(name, () => {
        const opts = fs.existsSync(path.join(dir, "case.json")) ? JSON.parse(fs.readFileSync(path.join(dir, "case.json"), "utf8")) : {};
        const entry = path.join(dir, opts.entry ?? o.entry);
        const map = Object.entries((opts.map ?? {}) as Record<string, string>).map(([from, to]) => ({ from, to: path.resolve(dir, to) }));
        const expected = files(dir, o.annotated).flatMap((f) => readExpectations(f));
        const lintOptions: LintOptions = { cwd: dir, map };
        if (o.dialect) lintOptions.dialect = o.dialect;
        if (opts.nginxPrefix) lintOptions.nginxPrefix = path.resolve(dir, opts.nginxPrefix);
        if (o.onlyAnnotatedRules) lintOptions.only = [...ENGINE_IDS, ...new Set(expected.map((e) => e.ruleId))];
        const run = lintFiles([entry], lintOptions);
        if (o.dialect) expect(run.skipped).toEqual([]);
        const found = run.results
          .flatMap((r) => r.messages)
          .map((m) => `${path.relative(dir, m.file)}:${m.range.line}:${m.range.column} ${m.ruleId}`)
          .sort();
        const want = expected.map((e) => `${path.relative(dir, e.file)}:${e.line}:${e.column} ${e.ruleId}`).sort();
        expect(found).toEqual(want);
        for (const e of expected.filter((x) => x.message)) {
          const m = run.results.flatMap((r) => r.messages).find((x) => x.file === e.file && x.range.line === e.line && x.ruleId === e.ruleId);
          expect(m?.message).toContain(e.message);
        }
        // Each file of the tree is reported once, whatever includes it.
        expect(new Set(run.results.map((r) => r.filePath)).size).toBe(run.results.length);
      });
    }
  });
}
