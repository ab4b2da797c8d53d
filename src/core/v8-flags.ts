/**
 * Sets V8 flags for this process. node:v8, which wraps the same binding, loads its heap-snapshot helpers and with
 * them Node's stream modules (about 4 ms of a lint's start on the 2-core EPYC VM where it was measured); the flags
 * djlint-conf sets are set only on Node 20 (V8 11), where process.binding still reaches the binding. It is
 * deprecated, so its warning is silenced for the call; elsewhere node:v8 is used. (dist/cli.js, which runs before
 * the bundle, does the same for the optimisation budget.)
 */
import { createRequire } from "node:module";

type V8Flags = { setFlagsFromString(flags: string): void };
let binding: V8Flags | undefined;

export function setV8Flags(flags: string): void {
  (binding ??= v8Binding()).setFlagsFromString(flags);
}

function v8Binding(): V8Flags {
  // Only in the CLI's CommonJS bundle: the tests and scripts run as ES modules (no `require`), where a test runner's
  // stand-in for `process` cannot silence the warning and the module's cost does not matter.
  if (typeof require === "function" && process.versions.v8.startsWith("11.")) {
    const quiet = process.noDeprecation;
    process.noDeprecation = true;
    try {
      return (process as unknown as { binding(name: string): V8Flags }).binding("v8");
    } catch {
      // A Node 20 that refuses it (--no-deprecation is not the cause): the module, as elsewhere.
    } finally {
      process.noDeprecation = quiet;
    }
  }
  return createRequire(import.meta.url)("node:v8") as V8Flags;
}
