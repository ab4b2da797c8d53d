/**
 * A lint's first Python parses run with V8's optimising compiler off
 * (src/model/django/python/parser.ts): the rest of the process must find it
 * on again, whatever the parse did (a 10 MB nginx tree linted after the
 * settings needs its hot loops optimised). Checked with V8's own test hooks,
 * which only exist under --allow-natives-syntax, set here for this worker.
 */
import v8 from "node:v8";
import { parsePython } from "../../src/model/django/python/parser.js";

const nodeOnV8_11 = process.versions.v8.startsWith("11.") ? test : test.skip;

/** Whether V8 optimises `f` when asked to (its status's "optimized" bit, 1 << 4). */
function optimises(): boolean {
  v8.setFlagsFromString("--allow-natives-syntax");
  // A fresh function each time: one V8 has already optimised, or refused, tells nothing.
  const f = new Function("a", "return a * 2 + 1;") as (a: number) => number;
  const status = new Function(
    "f",
    "%PrepareFunctionForOptimization(f); f(1); f(2); %OptimizeFunctionOnNextCall(f); f(3); return %GetOptimizationStatus(f);",
  ) as (f: unknown) => number;
  return (status(f) & (1 << 4)) !== 0;
}

nodeOnV8_11("V8 optimises before and after parses, valid, invalid and too deeply nested ones", () => {
  expect(optimises()).toBe(true);
  for (const text of ["DEBUG = False\nALLOWED_HOSTS = ['a']\n", "def (:\n", "X = " + "(".repeat(100_000) + "1" + ")".repeat(100_000) + "\n"]) {
    parsePython(text);
    expect([text.slice(0, 20), optimises()]).toEqual([text.slice(0, 20), true]);
  }
});

nodeOnV8_11("the control: with TurboFan off, V8 does not optimise (the check above can fail)", () => {
  v8.setFlagsFromString("--no-turbofan");
  try {
    expect(optimises()).toBe(false);
  } finally {
    v8.setFlagsFromString("--turbofan");
  }
});
