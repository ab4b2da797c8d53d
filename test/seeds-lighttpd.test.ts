/**
 * The seeds' lighttpd examples (fixtures/seeds/<seed>-<slug>/*.lighttpd.conf),
 * each linted alone as lighttpd with ALL rules: the findings must equal the
 * file's `# expect:` annotations. An annotation marks a finding the catalog
 * names (003's "/media" alias has the trailing-slash mismatch; 002's has not;
 * the multiple-sites skeletons elide settings with "..."); anything else is a
 * false positive.
 */
import fs from "node:fs";
import path from "node:path";
import { lintFiles } from "../src/engine/run.js";
import { readExpectations } from "./support/annotations.js";
import { compare, type Found } from "./support/compare.js";
import { lineFingerprint, seedCites, seedLines } from "./support/seeds.js";

const ROOT = path.resolve("fixtures/seeds");

/** The lighttpd examples each seed has: deleting a fixture fails the count. */
const EXPECTED: Record<string, number> = { "002": 2, "003": 2 };

const files = fs
  .readdirSync(ROOT, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .flatMap((d) =>
    fs
      .readdirSync(path.join(ROOT, d.name))
      .filter((n) => n.endsWith(".lighttpd.conf"))
      .map((n) => path.join(ROOT, d.name, n)),
  )
  .sort();

const seedOf = (file: string) => path.basename(path.dirname(file)).slice(0, 3);

test("every seed keeps its lighttpd examples", () => {
  const counts: Record<string, number> = {};
  for (const f of files) counts[seedOf(f)] = (counts[seedOf(f)] ?? 0) + 1;
  expect(counts).toEqual(EXPECTED);
});

describe.each(files.map((f) => [path.relative(ROOT, f), f] as const))("%s", (_, file) => {
  test("cites its seed section", () => {
    const first = fs.readFileSync(file, "utf8").split(/\r?\n/, 1)[0];
    const m = /^# Seed (\d{3}) § (.+)$/.exec(first);
    expect(m && { seed: m[1] }).toEqual({ seed: seedOf(file) });
    expect([m![2], seedCites(m![1], m![2])]).toEqual([m![2], true]);
  });

  test("lints as annotated", () => {
    const run = lintFiles([file], { cwd: path.dirname(file), dialect: "lighttpd" });
    expect(run.skipped).toEqual([]);
    const found: Found[] = run.results.flatMap((r) =>
      r.messages.map((m) => ({ file: m.file, line: m.range.line, column: m.range.column, ruleId: m.ruleId, message: m.message })),
    );
    expect(compare(readExpectations(file), found, ROOT)).toEqual({ missing: [], unexpected: [] });
  });

  test("every line of the seed's example is transcribed", () => {
    // The example's lines (comments and blanks aside) are lines of the seed, in order (compared by fingerprint).
    const lines = seedLines(seedOf(file));
    expect(lines.length).toBeGreaterThan(0);
    let at = 0;
    for (const line of fs.readFileSync(file, "utf8").split(/\r?\n/)) {
      if (!line.trim() || /^\s*#\s*(expect|Seed \d|The seed)/.test(line)) continue;
      const i = lines.indexOf(lineFingerprint(line), at);
      expect([line, i >= 0]).toEqual([line, true]);
      at = i + 1;
    }
  });
});
