/**
 * The layer rules (.dependency-cruiser.cjs, run by `npm run layers` in
 * `npm test`) catch what they forbid: a small tree that breaks each rule is
 * reported, one violation per rule, and the same tree without them is clean.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = process.cwd();

function cruise(files: Record<string, string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-layers-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", allowImportingTsExtensions: false } }),
  );
  const r = spawnSync(
    process.execPath,
    [
      path.join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs"),
      "src",
      "rules",
      "--config",
      path.join(ROOT, ".dependency-cruiser.cjs"),
      "--output-type",
      "json",
    ],
    { cwd: dir, encoding: "utf8" },
  );
  fs.rmSync(dir, { recursive: true, force: true });
  const out = JSON.parse(r.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return out.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

test("a lower layer importing upward, core importing a layer, a model importing a rule, and a cycle are each reported", () => {
  expect(
    cruise({
      "src/engine/run.ts": "export const run = 1;\n",
      "src/load/tree.ts": 'import type { Rule } from "../../rules/a.js";\nimport { run } from "../engine/run.js";\nexport const tree: Rule | number = run;\n',
      "src/core/range.ts": 'import { tree } from "../load/tree.js";\nexport const range = tree;\n',
      "src/model/m.ts": 'import { rule } from "../../rules/a.js";\nexport const m = rule;\n',
      "src/model/a.ts": 'import { b } from "./b.js";\nexport const a = () => b;\n',
      "src/model/b.ts": 'import { a } from "./a.js";\nexport const b = () => a;\n',
      "rules/a.ts": "export type Rule = string;\nexport const rule = 1;\n",
    }),
  ).toEqual([
    "core-imports-nothing: src/core/range.ts -> src/load/tree.ts",
    "lower-layers-import-downward: src/load/tree.ts -> rules/a.ts",
    "lower-layers-import-downward: src/load/tree.ts -> src/engine/run.ts",
    "models-below-rules: src/model/m.ts -> rules/a.ts",
    // A cycle is reported once, from the module the walk meets first.
    "no-cycles: src/model/a.ts -> src/model/b.ts",
  ]);
});

test("imports that run one way are clean", () => {
  expect(
    cruise({
      "src/core/range.ts": "export type Range = { start: number };\n",
      "src/load/tree.ts": 'import type { Range } from "../core/range.js";\nexport const at: Range = { start: 0 };\n',
      "src/engine/run.ts": 'import { at } from "../load/tree.js";\nexport const run = at;\n',
      "rules/a.ts": 'import { run } from "../src/engine/run.js";\nexport const rule = run;\n',
    }),
  ).toEqual([]);
});
