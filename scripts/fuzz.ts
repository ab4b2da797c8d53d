/**
 * The long fuzz run: `npm run fuzz -- [--runs N] [--engine-runs N] [--seed S] [--grammar apache|nginx|lighttpd]`.
 * Runs the properties of test/fuzz/properties.ts (the same ones jest runs with
 * fewer cases): N cases per grammar through the parser, and --engine-runs
 * cases per grammar through the whole engine (default N / 100), then as many
 * odd file names and messages through every output format. Prints each
 * grammar's cases, time, slowest parse and any counterexample with the seed
 * and path that replay it; exits 1 when a property fails.
 */
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import * as fc from "fast-check";
import { checkFormats, checkLint, checkParse, GRAMMARS, inputs, loadSeeds, oddText, sandbox, type Grammar } from "../test/fuzz/properties.js";

function option(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(name + "="));
  if (i < 0) return undefined;
  return argv[i].includes("=") ? argv[i].slice(name.length + 1) : argv[i + 1];
}

export async function main(argv: string[]): Promise<number> {
  const runs = Number(option(argv, "--runs") ?? 100_000);
  const engineRuns = Number(option(argv, "--engine-runs") ?? Math.ceil(runs / 100));
  const seed = Number(option(argv, "--seed") ?? Date.now() % 2 ** 31);
  const only = option(argv, "--grammar");
  const grammars = only ? GRAMMARS.filter((g) => g === only) : GRAMMARS;
  if (!Number.isFinite(runs) || !Number.isFinite(engineRuns) || !Number.isFinite(seed) || !grammars.length) {
    process.stderr.write("usage: npm run fuzz -- [--runs N] [--engine-runs N] [--seed S] [--grammar apache|nginx|lighttpd]\n");
    return 2;
  }
  process.stdout.write(`fuzz: seed ${seed}, ${runs} parser cases and ${engineRuns} engine cases per grammar\n`);
  let failed = 0;
  const box = sandbox();
  try {
    for (const g of grammars) {
      const seeds = loadSeeds(g);
      for (const stage of ["parser", "engine"] as const) {
        const n = stage === "parser" ? runs : engineRuns;
        if (n <= 0) continue;
        let slowest = { ms: 0, chars: 0 };
        let chars = 0;
        const t0 = performance.now();
        const property = fc.property(inputs(g, seeds), (text) => {
          chars += text.length;
          const p0 = performance.now();
          if (stage === "parser") checkParse(g, text);
          else checkLint(g as Grammar, text, box);
          const ms = performance.now() - p0;
          if (ms > slowest.ms) slowest = { ms, chars: text.length };
        });
        const out = fc.check(property, { numRuns: n, seed, endOnFailure: false });
        const s = (performance.now() - t0) / 1000;
        const line = `${g} ${stage}: ${out.numRuns} cases, ${(chars / 1e6).toFixed(1)} M characters, ${s.toFixed(1)} s, slowest ${slowest.ms.toFixed(1)} ms (${slowest.chars} characters)`;
        if (out.failed) {
          failed++;
          process.stdout.write(`${line}: FAILED\n${fc.defaultReportMessage(out)}\n${String((out.errorInstance as Error)?.message ?? out.errorInstance)}\n`);
        } else process.stdout.write(`${line}: ok\n`);
      }
    }
    // Odd file names and messages through every output format (no grammar involved).
    const t0 = performance.now();
    const out = fc.check(
      fc.property(oddText(), oddText(), (name, message) => void checkFormats(name, message)),
      { numRuns: engineRuns, seed, endOnFailure: false },
    );
    const line = `formats: ${out.numRuns} odd file names and messages, ${((performance.now() - t0) / 1000).toFixed(1)} s`;
    if (out.failed) {
      failed++;
      process.stdout.write(`${line}: FAILED\n${fc.defaultReportMessage(out)}\n${String((out.errorInstance as Error)?.message ?? out.errorInstance)}\n`);
    } else process.stdout.write(`${line}: ok\n`);
  } finally {
    fs.rmSync(box, { recursive: true, force: true });
  }
  process.stdout.write(failed ? `fuzz: ${failed} propert${failed === 1 ? "y" : "ies"} failed\n` : "fuzz: no failure\n");
  return failed ? 1 : 0;
}
