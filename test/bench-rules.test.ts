/**
 * The per-rule benchmark (`npm run bench -- --rules`, bench/rules.ts): a rule
 * that compares every alias with every other one is caught (its 10N/N ratio is
 * far above the limit of 12), one that looks at each alias once is not, and the
 * command prints a row per rule and exits 1, naming the rules, only when a
 * ratio is over the limit. The ratios of the real rules are the benchmark's
 * business, not this test's (times on a shared machine are no test material).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
// @ts-expect-error: the bench is not part of the typed project's sources
import { measureRules } from "../bench/rules.ts";
import type { ApacheServer } from "../src/model/apache/server.js";
import { allRules } from "../src/engine/registry.js";
import { defineRule, type Rule } from "../src/rule-api.js";
// @ts-expect-error: a plain ESM script without type declarations
import { rulesReport } from "../bench/run.mjs";

const meta = (id: string) => ({ id, severity: "info" as const, summary: id, rationale: id, seeds: [], messages: { m: "m" } });

/** Every alias against every other one: quadratic in the number of sites. */
const quadratic = defineRule({
  dialect: "apache",
  meta: meta("test/every-alias-pair"),
  check({ server }) {
    const aliases = (server as ApacheServer).directives("Alias");
    let same = 0;
    for (const a of aliases) for (const b of aliases) if (a.node.args[1]?.value === b.node.args[0]?.value) same++;
    void same;
  },
});

/** Each alias once. */
const linear = defineRule({
  dialect: "apache",
  meta: meta("test/each-alias"),
  check({ server }) {
    let n = 0;
    for (const a of (server as ApacheServer).directives("Alias")) n += a.node.args[0]?.value.length ?? 0;
    void n;
  },
});

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-bench-rules-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

type Timing = { rule: string; ratio: number; small: number; large: number };
const measure = measureRules as (
  d: string,
  shape: string,
  rules: Rule[],
  sites: number,
  repeats: number,
  dir: string,
  maxRatio?: number,
  maxRepeats?: number,
) => { timings: Timing[]; repeats: number };

test("a rule that pairs every alias with every other one is far above the limit", () => {
  const { timings } = measure("apache", "fat", [linear as Rule, quadratic as Rule], 40, 3, tmp);
  const byId = Object.fromEntries(timings.map((t) => [t.rule, t]));
  expect(byId["test/every-alias-pair"]?.ratio).toBeGreaterThan(30);
  // The pairs' time at 10N is some fifty times the single pass's at 10N.
  expect(byId["test/every-alias-pair"]?.large).toBeGreaterThan(10 * (byId["test/each-alias"]?.large as number));
});

test("repeating while a ratio is above the limit does not bring a quadratic rule under it", () => {
  // The minimum over more repeats only drops disturbances: the pairs stay far above 12, and the repeats run out.
  const { timings, repeats } = measure("apache", "fat", [linear as Rule, quadratic as Rule], 40, 2, tmp, 12, 5);
  const byId = Object.fromEntries(timings.map((t) => [t.rule, t]));
  expect({ repeats, over: (byId["test/every-alias-pair"]?.ratio as number) > 30 }).toEqual({ repeats: 5, over: true });
});

test("npm run bench -- --rules prints a row per rule and names the rules over the limit", () => {
  const r = spawnSync(
    process.execPath,
    ["bench/run.mjs", "--rules", "--sites", "3", "--repeats", "1", "--only", "lighttpd", "--shapes", "fat", "--out", path.join(tmp, "r.json")],
    { encoding: "utf8" },
  );
  const ids = (allRules() as Rule[]).filter((x) => x.dialect === "lighttpd" || x.dialect === "any").map((x) => x.meta.id);
  for (const id of ids) expect(r.stdout).toMatch(new RegExp(`^${id.replace(/[/-]/g, "\\$&")}\\s`, "m"));
  const saved = JSON.parse(fs.readFileSync(path.join(tmp, "r.json"), "utf8")) as { timings: (Timing & { alone?: Timing })[]; maxRatio: number };
  // A timing above the limit was timed again alone; that timing is the verdict.
  const over = saved.timings.filter((t) => (t.alone ?? t).ratio > saved.maxRatio).map((t) => t.rule);
  expect(saved.timings.filter((t) => t.ratio > saved.maxRatio && !t.alone)).toEqual([]);
  expect({ status: r.status, listed: over.every((id) => r.stdout.includes(`  ${id} (lighttpd fat)`)) }).toEqual({ status: over.length ? 1 : 0, listed: true });
});

test("the report judges a rule timed again alone by that timing, and shows both", () => {
  const timing = (rule: string, ratio: number, alone?: number) => ({
    dialect: "nginx",
    shape: "single",
    rule,
    small: 0.001,
    large: 0.001 * ratio,
    ratio,
    findings: 0,
    ...(alone === undefined ? {} : { alone: { small: 0.001, large: 0.001 * alone, ratio: alone, repeats: 5 } }),
  });
  const res = (timings: object[]) => ({
    sites: 60,
    repeats: 5,
    maxRatio: 12,
    noiseFloorMs: 0.05,
    machine: { cpus: 2, cpuModel: "x", node: "v20", loadAvgStart: [0, 0, 0], loadAvgEnd: [0, 0, 0] },
    trees: [{ dialect: "nginx", shape: "single", repeats: 25, small: { bytes: 1e5 }, large: { bytes: 1e6 } }],
    timings,
  });
  const report = rulesReport as (r: object) => { text: string; failing: { rule: string }[] };
  const linearAlone = report(res([timing("a/linear", 10), timing("a/noisy", 14.5, 9.6)]));
  expect(linearAlone.failing).toEqual([]);
  expect(linearAlone.text).toMatch(/^a\/noisy\s+14\.5 \(9\.6\)\s/m);
  expect(linearAlone.text).toContain("pass: every rule's ratio is at most 12");
  const quadratic = report(res([timing("a/linear", 10), timing("a/pairs", 95, 88)]));
  expect(quadratic.failing.map((t) => t.rule)).toEqual(["a/pairs"]);
  expect(quadratic.text).toContain("a/pairs (nginx single): 88.0x");
});
