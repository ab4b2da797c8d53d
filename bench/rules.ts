/**
 * Every rule timed in-process at N and 10N sites, for each dialect and each
 * shape of tree the generator writes, to find rules whose work grows faster
 * than the configuration (a scan of every section per application, a pair of
 * loops over hosts). bench/run.mjs bundles this file with esbuild and runs it
 * in a child process (`npm run bench -- --rules`):
 *
 *   node --expose-gc --single-threaded-gc rules.cjs <workDir> <sites> <repeats> <dialects,...> <shapes,...> [<maxRatio> <maxRepeats> [<ruleIds,...>]]
 *
 * and reads one JSON object from standard output.
 *
 * How: ten different trees of N sites (seeds 1 to 10) and one of 10N sites
 * are loaded (parsed, includes followed) once. The time at N is a rule's time
 * over the ten N-site models, divided by ten: the same amount of
 * configuration in memory as the 10N model, so that caches favour neither
 * side (one small tree measured alone sits in the CPU's caches, and linear
 * rules then looked 20 to 40x "superlinear"). Per repeat, every model is built
 * afresh (models answer lazily and memoise, so a rule is timed on its first
 * question, as in a real run), then each rule, in the engine's order, runs on
 * both sizes (which size goes first alternates). A rule's time is the CPU time of the process while it
 * runs (process.cpuUsage: user + system), not the wall clock: on a machine
 * shared with other work the wall clock counts the time slices other
 * processes take, which grow with the length of the run and made linear
 * rules look 30x superlinear; the collector runs on the main thread
 * (--single-threaded-gc) and the fresh model is moved out of the young
 * generation before the rules run. A rule's time at a size is the minimum over
 * the repeats (the least disturbed);
 * its ratio is time(10N) / time(N), each time taken as at least NOISE_FLOOR
 * (below it, a timer tick or one compiled function decides the ratio: a rule
 * under 12 x NOISE_FLOOR at 10N sites passes whatever it did at N). The model's lazily built indexes land on
 * the first rule that asks for them, at both sizes alike.
 *
 * Repeats until the ratios settle: after the asked-for repeats, while some
 * rule's ratio is above the limit, whole repeats are added (all rules, fresh
 * models, as above), up to `maxRepeats`. On a shared 2-core machine a rule's
 * CPU time still varied 2-4x from one repeat to the next (other processes
 * evicting the caches, a collection landing in the rule: the CPU time of a
 * preempted process includes refilling its caches), and five repeats left
 * some 30-50 of 255 timings above 12, a different set each run. A minimum
 * only drops time that a disturbance added, so more repeats cannot bring a
 * rule whose work grows faster than the configuration under the limit: a
 * quadratic rule stays at about 100x however often it is timed. The repeats a
 * dialect and shape took are reported with the timings.
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { resolveSeverity } from "../src/engine/config.js";
import { dialectNamed } from "../src/dialects/registry.js";
import { createFixer } from "../src/engine/fixer.js";
import { allRules } from "../src/engine/registry.js";
import type { LintOptions } from "../src/engine/run.js";
import { DiskFs } from "../src/load/fs-facade.js";
import { PathMap } from "../src/load/path-map.js";
import type { ParsedFile, ServerTree } from "../src/load/tree.js";
import type { AnyServer, Dialect, Rule } from "../src/rule-api.js";
import { readDjango } from "../src/model/django/index.js";
import { siteBlocks } from "../src/dialects/site-blocks.js";
// @ts-expect-error: a plain ESM script without type declarations
import { generateTree } from "./generate.mjs";

interface Generated {
  entry: string;
  dir: string;
  files: number;
  bytes: number;
  sites: number;
}
const gen = generateTree as (o: { dialect: Dialect; variant: string; sites: number; dir: string; seed?: number; projects?: boolean }) => Generated;

/** Seconds: times below this are taken as this in the ratio. */
export const NOISE_FLOOR = 50e-6;

declare const gc: ((o?: { type: "minor" | "major" }) => void) | undefined;

export interface RuleTiming {
  dialect: Dialect;
  shape: string;
  rule: string;
  /** CPU seconds, minimum over the repeats, at N and at 10N sites. */
  small: number;
  large: number;
  /** Wall-clock seconds at 10N sites, minimum over the repeats. */
  largeWall: number;
  ratio: number;
  /** Findings at 10N sites (zero: the rule had nothing to report, though it may have had work). */
  findings: number;
}

function loadTree(dialect: Dialect, g: Generated) {
  const support = dialectNamed(dialect);
  if (!support) throw new Error(`no support for ${dialect}`);
  const opts: LintOptions = { cwd: g.dir };
  // Each site's Django project is under the tree's srv/ (generate.mjs, `projects`), read as /srv through the map.
  const fsys = new DiskFs(new PathMap([{ from: "/srv", to: path.join(g.dir, "srv") }], g.dir));
  const tree = support.load(g.entry, fs.readFileSync(g.entry, "utf8"), fsys, opts, new Map<string, ParsedFile>());
  if ("error" in tree) throw new Error(tree.error);
  return { support, opts, fsys, tree: tree as ServerTree };
}

type Loaded = ReturnType<typeof loadTree>;

/** The settings a lint of the dialect's rules would read (engine/run.ts: settingsRead). */
const settingsNames = (rules: Rule[]) => [...new Set(rules.flatMap((r) => r.meta.djangoSettings ?? []))];

/**
 * A fresh model of each tree, with the Django side the engine would read for it (the projects its WSGI scripts,
 * proxies and settings modules name, read from the tree as a lint of its entry reads them), the new models moved out
 * of the young generation. The Django side's reading is not timed (the engine reads it once per run, bench/django.mjs
 * times it, the settings the rules declare included); what rules ask of it is.
 */
function freshModels(ls: Loaded[], names: string[]) {
  const out = ls.map((l) => {
    const server = l.support.model(l.tree, l.opts) as AnyServer;
    const sources = new Map([...l.tree.files.values()].map((f) => [f.path, f.source] as const));
    const django = readDjango({ fs: l.fsys, searchFrom: [l.tree.root.path], blocks: siteBlocks([server]), settingsNames: names });
    // Settings are read when first asked for: read them here, or the first rule to ask pays for reading every project's
    // settings files (file-system calls and the Python parser: the scatter in that rule's ratio was the disk's).
    for (const p of django.projects) for (const n of names) void p.settings[n];
    return { l, server, django, fixer: createFixer((f) => sources.get(f)) };
  });
  // The new models would otherwise be copied out of the young generation by the
  // first scavenges, a pause of a size that grows with the model, charged to
  // whichever rule happens to allocate then.
  if (typeof gc === "function") gc();
  return out;
}

/** One rule on each model in turn: CPU and wall seconds in all, and findings. */
function timeRule(rule: Rule, models: ReturnType<typeof freshModels>): { cpu: number; wall: number; findings: number } {
  let findings = 0;
  const meta = rule.meta;
  // The young generation emptied first: a scavenge of what the rules before this one left there would otherwise
  // land in whichever rule allocates next, at the same place in every repeat (the order is fixed), so that the
  // minimum could not drop it.
  if (typeof gc === "function") gc({ type: "minor" });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const { l, server, django, fixer } of models) {
    rule.check({
      server: server as never,
      run: { servers: [server], appServerFiles: [], django },
      fs: l.fsys,
      settings: { extraDirectives: [] },
      report(r) {
        (meta.messages[r.messageId] ?? "").replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => String(r.data?.[k] ?? ""));
        if (r.fix) r.fix(fixer);
        findings++;
      },
    });
  }
  const cpu = process.cpuUsage(c0);
  return { cpu: (cpu.user + cpu.system) / 1e6, wall: (performance.now() - t0) / 1000, findings };
}

/**
 * Every rule of `rules` at N and 10N sites of one dialect and shape (trees
 * written under `workDir`, removed after): CPU times, ratios and findings.
 */
export function measureRules(
  dialect: Dialect,
  shape: string,
  rules: Rule[],
  sites: number,
  repeats: number,
  workDir: string,
  maxRatio = Infinity,
  maxRepeats = repeats,
): { timings: RuleTiming[]; small: Generated; large: Generated; repeats: number } {
  const out: RuleTiming[] = [];
  // Ten different N-site trees (seeds 1-10) against one of 10N sites: the same amount of configuration in memory.
  const smalls = Array.from({ length: 10 }, (_, k) =>
    gen({ dialect, variant: shape, sites, seed: k + 1, dir: path.join(workDir, `${dialect}-${shape}-n${k}`), projects: true }),
  );
  const large = gen({ dialect, variant: shape, sites: sites * 10, dir: path.join(workDir, `${dialect}-${shape}-10n`), projects: true });
  const loadedSmall = smalls.map((g) => loadTree(dialect, g));
  const loadedLarge = [loadTree(dialect, large)];
  const best = [rules.map(() => Infinity), rules.map(() => Infinity)];
  const bestWall = rules.map(() => Infinity);
  let findings: number[] = [];
  const names = settingsNames(rules);
  const ratioOf = (i: number) => Math.max((best[1] as number[])[i] as number, NOISE_FLOOR) / Math.max(((best[0] as number[])[i] as number) / 10, NOISE_FLOOR);
  const unsettled = () => rules.some((_, i) => ratioOf(i) > maxRatio);
  let rep = 0;
  for (; rep < repeats || (rep < maxRepeats && unsettled()); rep++) {
    const models = [freshModels(loadedSmall, names), freshModels(loadedLarge, names)];
    findings = [];
    rules.forEach((rule, i) => {
      // Alternating which size goes first.
      for (const k of (rep + i) % 2 ? [1, 0] : [0, 1]) {
        const t = timeRule(rule, models[k] as ReturnType<typeof freshModels>);
        (best[k] as number[])[i] = Math.min((best[k] as number[])[i] as number, t.cpu);
        if (k === 1) {
          findings[i] = t.findings;
          bestWall[i] = Math.min(bestWall[i] as number, t.wall);
        }
      }
    });
  }
  rules.forEach((rule, i) => {
    // Time at N: the ten N-site trees together, divided by ten.
    const s = ((best[0] as number[])[i] as number) / 10;
    const l = (best[1] as number[])[i] as number;
    out.push({
      dialect,
      shape,
      rule: rule.meta.id,
      small: s,
      large: l,
      largeWall: bestWall[i] as number,
      ratio: ratioOf(i),
      findings: findings[i] ?? 0,
    });
  });
  for (const g of [...smalls, large]) fs.rmSync(g.dir, { recursive: true, force: true });
  return { timings: out, small: smalls[0] as Generated, large, repeats: rep };
}

export function main(argv: string[]): number {
  const [workDir, sitesArg, repeatsArg, dialectsArg, shapesArg, maxRatioArg, maxRepeatsArg, onlyRulesArg] = argv as [
    string,
    string,
    string,
    string,
    string,
    string?,
    string?,
    string?,
  ];
  // --rule: only these rules (the model's lazy indexes then land on them).
  const onlyRules = onlyRulesArg ? new Set(onlyRulesArg.split(",")) : null;
  const unknown = [...(onlyRules ?? [])].filter((id) => !allRules().some((r) => r.meta.id === id));
  if (unknown.length) {
    process.stderr.write(`--rule: no rule ${unknown.join(", ")}\n`);
    return 2;
  }
  const sites = Number(sitesArg);
  const repeats = Math.max(1, Number(repeatsArg));
  const maxRatio = maxRatioArg ? Number(maxRatioArg) : Infinity;
  const maxRepeats = Math.max(repeats, Number(maxRepeatsArg ?? repeats));
  const out: RuleTiming[] = [];
  const trees: { dialect: Dialect; shape: string; small: Generated; large: Generated; repeats: number }[] = [];
  for (const dialect of dialectsArg.split(",") as Dialect[]) {
    const rules = (allRules() as Rule[]).filter(
      (r) =>
        (r.dialect === "any" || r.dialect === "django" || r.dialect === dialect) &&
        resolveSeverity(r.meta.id, r.meta, "production", {}) !== "off" &&
        (!onlyRules || onlyRules.has(r.meta.id)),
    );
    for (const shape of shapesArg.split(",")) {
      const m = measureRules(dialect, shape, rules, sites, repeats, workDir, maxRatio, maxRepeats);
      trees.push({ dialect, shape, small: m.small, large: m.large, repeats: m.repeats });
      out.push(...m.timings);
    }
  }
  process.stdout.write(
    JSON.stringify({
      sites,
      repeats,
      noiseFloorMs: NOISE_FLOOR * 1000,
      trees: trees.map((t) => ({
        dialect: t.dialect,
        shape: t.shape,
        repeats: t.repeats,
        small: { bytes: t.small.bytes, files: t.small.files },
        large: { bytes: t.large.bytes, files: t.large.files },
      })),
      timings: out,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
    }) + "\n",
  );
  return 0;
}
