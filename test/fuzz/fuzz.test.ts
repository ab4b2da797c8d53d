/**
 * Property tests over the three grammars, the engine and the CLI (see
 * ./properties.ts for the inputs and the properties; `npm run fuzz` runs the
 * same ones at length). Seeded: FUZZ_SEED replays a run (fast-check prints the
 * seed and path of a counterexample), FUZZ_RUNS changes the number of cases.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import * as fc from "fast-check";
import { visible } from "../../src/formatters/types.js";
import { CLI } from "../support/cli.js";
import {
  checkDiagnostics,
  checkFormats,
  checkLint,
  checkParse,
  GRAMMARS,
  inputs,
  loadSeeds,
  oddText,
  sandbox,
  targeted,
  timeBudgetMs,
  type Grammar,
} from "./properties.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20240601);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const ENGINE_RUNS = Math.max(1, Math.round(RUNS / 10));
const CLI_RUNS = Math.max(1, Math.round(RUNS / 200));

const box = sandbox();
afterAll(() => fs.rmSync(box, { recursive: true, force: true }));

describe.each(GRAMMARS)("%s", (g: Grammar) => {
  const seeds = loadSeeds(g);

  test("the corpus and the grammar fixtures seed the mutations", () => {
    expect(seeds.length).toBeGreaterThan(10);
  });

  test(`${RUNS} random and mutated inputs: the parser never throws, takes linear time, keeps every range inside the text`, () => {
    checkParse(g, "warm up\n");
    fc.assert(
      fc.property(inputs(g, seeds), (text) => void checkParse(g, text)),
      { numRuns: RUNS, seed: SEED },
    );
  }, 600_000);

  test(`${ENGINE_RUNS} inputs through the whole engine: no throw, every diagnostic and fix edit inside the file`, () => {
    fc.assert(
      fc.property(inputs(g, seeds), (text) => void checkLint(g, text, box)),
      { numRuns: ENGINE_RUNS, seed: SEED },
    );
  }, 600_000);

  test(`${CLI_RUNS} inputs through the CLI process, in files with odd names: exit 0 or 1, JSON on stdout with the name and every range, no internal error`, () => {
    const dir = fs.mkdtempSync(path.join(box, `cli-${g}-`));
    // A name the file system takes (no NUL; lone surrogates are written as U+FFFD, and read back so).
    const names = oddText().map(
      (n) => `fuzz-${g}-${n.replace(/\u0000/g, "0").replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd")}`,
    );
    fc.assert(
      fc.property(inputs(g, seeds), names, (text, name) => {
        const file = path.join(dir, name);
        for (const old of fs.readdirSync(dir)) fs.rmSync(path.join(dir, old));
        fs.writeFileSync(file, text);
        // Read back as the CLI reads it (lone surrogates become U+FFFD on the way to disk).
        const onDisk = fs.readFileSync(file, "utf8");
        const r = spawnSync(process.execPath, [CLI, "--no-config", "--dialect", g, "--format", "json", file], { encoding: "utf8", timeout: 60_000 });
        if (r.status !== 0 && r.status !== 1) throw new Error(`exit ${r.status} (${r.signal ?? ""}): ${r.stderr}`);
        if (/internal error|\n\s+at /.test(r.stderr)) throw new Error(r.stderr);
        const results = JSON.parse(r.stdout) as {
          filePath: string;
          messages: { ruleId: string | null; message: string; line: number; column: number; endLine?: number; endColumn?: number }[];
        }[];
        // Its result under its own name, or a skip that names it (a binary file, say), shown without raw control characters.
        if (!results.some((res) => res.filePath === file) && !r.stderr.includes(`djlint-conf: skipped ${visible(file)}: `)) {
          throw new Error(`no result for ${JSON.stringify(file)}: ${JSON.stringify(results.map((res) => res.filePath))}, ${JSON.stringify(r.stderr)}`);
        }
        for (const res of results) {
          // An include may reach this machine's real files (/etc/nginx/...): check against them too.
          const lines = (res.filePath === file ? onDisk : fs.readFileSync(res.filePath, "utf8")).split(/\r\n|\r|\n/);
          for (const m of res.messages) {
            const endLine = m.endLine ?? m.line;
            const endColumn = m.endColumn ?? m.column;
            const ok =
              m.line >= 1 && endLine <= lines.length && m.column >= 1 && m.column <= lines[m.line - 1].length + 1 && endColumn <= lines[endLine - 1].length + 1;
            if (!ok) throw new Error(`${m.ruleId} "${m.message}" at ${m.line}:${m.column}-${endLine}:${endColumn}: outside the file (${lines.length} lines)`);
          }
        }
      }),
      { numRuns: CLI_RUNS, seed: SEED },
    );
  }, 600_000);

  /**
   * Each token pattern and scanner against long runs of what it loops over
   * (200,000 characters): parsed within the linear budget, best of three.
   * Before the fixes this guards, 50,000 nested unclosed Apache sections took
   * 44 s here; they now take well under a second.
   */
  describe("no catastrophic backtracking or quadratic scan", () => {
    test.each(targeted(g, 200_000))("%s", (_name, text) => {
      const { ms } = checkParse(g, text);
      expect(ms).toBeLessThan(timeBudgetMs(text.length));
    });
  });

  describe("the targeted inputs through the whole engine", () => {
    test.each(targeted(g, 50_000))("%s", (_name, text) => {
      const run = checkLint(g, text, box, 2000 + 0.1 * text.length);
      checkDiagnostics(run, (f) => (f.endsWith(`/etc/${g === "apache" ? "apache2" : g}.conf`) ? text : undefined));
    });
  });
});

test(`${RUNS} odd file names and messages through every output format: kept, escaped as each format wants`, () => {
  fc.assert(
    fc.property(oddText(), oddText(), (name, message) => void checkFormats(name, message)),
    { numRuns: RUNS, seed: SEED },
  );
}, 600_000);
