/**
 * The seeds' own Apache examples (fixtures/seeds/<seed>-<slug>/), each linted
 * alone with ALL rules: the findings must equal the file's `# expect:`
 * annotations. An annotation marks a finding the catalog says is right (the
 * seed's example really has that problem); anything else is a false positive.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { lintFiles } from "../src/engine/run.js";
import { readExpectations } from "./support/annotations.js";
import { compare, type Found } from "./support/compare.js";
import { seedCites } from "./support/seeds.js";

const ROOT = path.resolve("fixtures/seeds");

/** How many examples were transcribed from each seed: deleting a fixture fails the count. */
const MIN_FILES: Record<string, number> = { "000": 9, "001": 5, "002": 13, "003": 4, "004": 1 };

function seedDirs(): string[] {
  return fs
    .readdirSync(ROOT, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function seedFiles(dir: string): string[] {
  // The lighttpd examples (*.lighttpd.conf) are linted as lighttpd by seeds-lighttpd.test.ts.
  return fs
    .readdirSync(path.join(ROOT, dir))
    .filter((n) => /\.(conf|htaccess)$/.test(n) && !n.endsWith(".lighttpd.conf"))
    .sort()
    .map((n) => path.join(ROOT, dir, n));
}

/**
 * Options: `<seed dir>/seed.json` for every example of a seed (the seeds are
 * Apache 2.2-era documents), then `<example>.json`: `profile` for an example
 * the seed presents as a development setting, `server` for an example the seed
 * gives in steps ("you'll need to do two things"), linted together as one
 * server whose entry includes the steps in order.
 */
function optionsFor(file: string): Record<string, unknown> {
  const read = (p: string) => (fs.existsSync(p) ? JSON.parse(fs.readFileSync(p, "utf8")) : {});
  return { ...read(path.join(path.dirname(file), "seed.json")), ...read(file.replace(/\.[^.]+$/, ".json")) };
}

function lintAlone(file: string): Found[] {
  const { server, ...opts } = optionsFor(file) as { server?: string[] };
  let entry = file;
  if (server) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-seed-"));
    entry = path.join(dir, "httpd.conf");
    fs.writeFileSync(entry, server.map((f) => `Include ${path.join(path.dirname(file), f)}\n`).join(""));
  }
  const run = lintFiles([entry], { ...opts, cwd: path.dirname(file), dialect: "apache" });
  expect(run.skipped).toEqual([]);
  // Only this example's findings: the other steps of a server are checked as their own examples.
  return run.results.flatMap((r) =>
    r.messages.filter((m) => m.file === file).map((m) => ({ file: m.file, line: m.range.line, column: m.range.column, ruleId: m.ruleId, message: m.message })),
  );
}

describe("seed examples", () => {
  test("every seed keeps its transcribed examples", () => {
    const counts = Object.fromEntries(seedDirs().map((d) => [d.slice(0, 3), seedFiles(d).length]));
    const short = Object.entries(MIN_FILES).filter(([seed, min]) => (counts[seed] ?? 0) < min);
    expect(short.map(([seed, min]) => `seed ${seed}: ${counts[seed] ?? 0} files, expected at least ${min}`)).toEqual([]);
  });

  for (const dir of seedDirs()) {
    const seed = dir.slice(0, 3);
    describe(dir, () => {
      for (const file of seedFiles(dir)) {
        const name = path.basename(file);

        test(`${name} cites its seed section`, () => {
          const first = fs.readFileSync(file, "utf8").split(/\r?\n/, 1)[0];
          const m = /^# Seed (\d{3}) § (.+)$/.exec(first);
          expect(m && { seed: m[1] }).toEqual({ seed });
          expect([m![2], seedCites(seed, m![2])]).toEqual([m![2], true]);
        });

        test(`${name} lints as annotated`, () => {
          expect(compare(readExpectations(file), lintAlone(file), ROOT)).toEqual({ missing: [], unexpected: [] });
        });
      }
    });
  }
});
