/**
 * Issue 20's acceptance on held-out deployments (test/deployments/django/<case>/):
 * the CLI bundle runs on each case as a user would (`CMD` holds the arguments,
 * run from the case's directory, `-f json`), and its django/* findings (and
 * nginx/backend-not-listening, which the catalog extends to app servers) are scored
 * against the case's `EXPECTED` (written from the catalog before the linter ran).
 * A finding matches an expected one with the same rule, file (the path EXPECTED
 * writes, relative to the case, as the linter reports it: a site reached through a
 * sites-enabled link is reported where it is written, in sites-available) and one
 * of its lines.
 * Fails below recall 0.9 or precision 0.95 overall, printing every miss and false
 * positive; no case may end in exit 2.
 */
import fs from "node:fs";
import path from "node:path";
import { cli } from "./support/cli.js";

const ROOT = path.resolve("test/deployments/django");

interface Expected {
  rule: string;
  file: string;
  lines: number[];
}
interface Found {
  rule: string;
  file: string;
  line: number;
  message: string;
}

function readExpected(dir: string): Expected[] {
  return fs
    .readFileSync(path.join(dir, "EXPECTED"), "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => {
      const [rule, file, lines] = l.split("\t");
      return { rule, file: path.normalize(file), lines: lines.split("|").map(Number) };
    });
}

/** The arguments of CMD, split on blanks (no quoting is needed by any case). */
const argsOf = (dir: string) => fs.readFileSync(path.join(dir, "CMD"), "utf8").trim().split(/\s+/);

/** CMD's options (`--map A=B`, `--django-root D`...) without its files and directories. */
function optionsOf(dir: string): string[] {
  const args = argsOf(dir);
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) if (args[i].startsWith("--")) out.push(args[i], args[++i]);
  return out;
}

/**
 * A case as CMD names its files, or as a user who lints the whole checkout or server tree would: the case's
 * directory, with CMD's options (the directory search finds the configurations and the app-server files).
 */
function runCase(dir: string, asDirectory = false): { code: number | null; found: Found[]; stderr: string } {
  const r = cli(["-f", "json", "--no-config", ...(asDirectory ? [...optionsOf(dir), "."] : argsOf(dir))], { cwd: dir });
  const found: Found[] = [];
  // Reported paths are absolute, from the linter's working directory (the case's, as the system names it).
  const caseDir = fs.realpathSync(dir);
  if (r.code !== 2)
    for (const res of JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number; message: string }[] }[])
      for (const m of res.messages)
        if (m.ruleId?.startsWith("django/") || m.ruleId === "nginx/backend-not-listening")
          found.push({ rule: m.ruleId, file: path.relative(caseDir, res.filePath), line: m.line, message: m.message });
  return { code: r.code, found, stderr: r.stderr };
}

interface Score {
  tp: number;
  fp: number;
  fn: number;
}

/** Matches findings to expectations one to one; what is left over on either side is a false positive or a miss. */
function score(expected: Expected[], found: Found[]) {
  const open = [...expected];
  const fps: Found[] = [];
  const tps: Found[] = [];
  for (const f of found) {
    const i = open.findIndex((e) => e.rule === f.rule && e.file === f.file && e.lines.includes(f.line));
    if (i < 0) fps.push(f);
    else {
      tps.push(f);
      open.splice(i, 1);
    }
  }
  return { tps, fps, misses: open };
}

const cases = fs
  .readdirSync(ROOT)
  .filter((c) => fs.existsSync(path.join(ROOT, c, "EXPECTED")))
  .sort();

describe("held-out Django deployments", () => {
  test("there are at least 30 cases, with and without expected findings", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const empty = cases.filter((c) => readExpected(path.join(ROOT, c)).length === 0);
    expect(empty.length).toBeGreaterThan(0);
    expect(empty.length).toBeLessThan(cases.length);
  });

  test.each([
    ["the files CMD names", false],
    ["the case's directory", true],
  ])("django/* recall >= 0.9 and precision >= 0.95, no exit 2, linting %s", (_how, asDirectory) => {
    const perRule = new Map<string, Score>();
    const bump = (rule: string, k: keyof Score) => {
      const s = perRule.get(rule) ?? { tp: 0, fp: 0, fn: 0 };
      s[k]++;
      perRule.set(rule, s);
    };
    const problems: string[] = [];
    const crashes: string[] = [];
    for (const c of cases) {
      const dir = path.join(ROOT, c);
      const { code, found, stderr } = runCase(dir, asDirectory);
      if (code === 2) crashes.push(`${c}: exit 2: ${stderr.trim()}`);
      const { tps, fps, misses } = score(readExpected(dir), found);
      for (const t of tps) bump(t.rule, "tp");
      for (const f of fps) {
        bump(f.rule, "fp");
        problems.push(`false positive  ${c}: ${f.rule} ${f.file}:${f.line}  ${f.message}`);
      }
      for (const m of misses) {
        bump(m.rule, "fn");
        problems.push(`miss            ${c}: ${m.rule} ${m.file}:${m.lines.join("|")}`);
      }
    }
    const total = [...perRule.values()].reduce((a, s) => ({ tp: a.tp + s.tp, fp: a.fp + s.fp, fn: a.fn + s.fn }), { tp: 0, fp: 0, fn: 0 });
    const ratio = (n: number, d: number) => (d ? n / d : 1);
    const row = (name: string, s: Score) =>
      `${name.padEnd(36)} tp ${String(s.tp).padStart(3)} fp ${String(s.fp).padStart(3)} fn ${String(s.fn).padStart(3)}  recall ${ratio(s.tp, s.tp + s.fn).toFixed(2)}  precision ${ratio(s.tp, s.tp + s.fp).toFixed(2)}`;
    const report = [
      `${cases.length} cases`,
      ...[...perRule.keys()].sort().map((r) => row(r, perRule.get(r)!)),
      row("overall", total),
      ...problems,
      ...crashes,
    ].join("\n");
    console.log(report);
    expect(crashes).toEqual([]);
    const recall = ratio(total.tp, total.tp + total.fn);
    const precision = ratio(total.tp, total.tp + total.fp);
    if (recall < 0.9 || precision < 0.95) throw new Error(`recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}\n${report}`);
  });
});
