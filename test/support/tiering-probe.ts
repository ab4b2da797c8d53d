/**
 * Run in a fresh `node --allow-natives-syntax` (through scripts/run-ts.mjs) by
 * test/django/parser-tiering.test.ts: whether V8 optimises a function with
 * TurboFan switched off (the control), and after each of a few parses.
 * Prints one JSON object.
 */
import v8 from "node:v8";
import { parsePython } from "../../src/model/django/python/parser.js";

let made = 0;

/** Whether V8 optimises a new function when asked to (its status's "optimized" bit, 1 << 4). */
function optimises(): boolean {
  // A function of its own source each time: V8 caches compiled sources.
  const f = new Function("a", `return a * 2 + ${++made};`) as (a: number) => number;
  const status = new Function(
    "f",
    "%PrepareFunctionForOptimization(f); f(1); f(2); %OptimizeFunctionOnNextCall(f); f(3); return %GetOptimizationStatus(f);",
  ) as (f: unknown) => number;
  return (status(f) & (1 << 4)) !== 0;
}

export function main(): number {
  const out: Record<string, boolean> = { before: optimises() };
  v8.setFlagsFromString("--no-turbofan");
  out.turbofanOff = optimises();
  v8.setFlagsFromString("--turbofan");
  const texts: Record<string, string> = {
    valid: "DEBUG = False\nALLOWED_HOSTS = ['a']\n",
    invalid: "def (:\n",
    tooDeep: "X = " + "(".repeat(100_000) + "1" + ")".repeat(100_000) + "\n",
  };
  for (const [name, text] of Object.entries(texts)) {
    parsePython(text);
    out[`after ${name} parse`] = optimises();
  }
  process.stdout.write(JSON.stringify(out) + "\n");
  return 0;
}
