/**
 * Two bindings of Node's own, reached without the modules that wrap them: node:v8 loads its heap-snapshot helpers
 * and with them Node's stream modules, node:tty the socket and stream modules (each about 4-5 ms of a one-file
 * lint's start on the 2-core EPYC VM where it was measured). `process.binding` is deprecated (its warning is
 * silenced for the call) and only the CLI's CommonJS bundle uses it: the tests and scripts run as ES modules,
 * where a test runner's stand-in for `process` cannot silence the warning and the modules' cost does not matter.
 * Where it is refused, the module is used. (dist/cli.js, which runs before the bundle, sets the optimisation
 * budget the same way.)
 */
import { createRequire } from "node:module";
import tty from "node:tty";

/** `process.binding(name)` in the CLI's bundle, silently; undefined elsewhere or when Node refuses it. */
function processBinding<T>(name: string): T | undefined {
  if (typeof require !== "function") return undefined;
  const quiet = process.noDeprecation;
  process.noDeprecation = true;
  try {
    return (process as unknown as { binding(name: string): T }).binding(name);
  } catch {
    return undefined;
  } finally {
    process.noDeprecation = quiet;
  }
}

type V8Flags = { setFlagsFromString(flags: string): void };
let v8: V8Flags | undefined;

/** Sets V8 flags for this process. The binding only on Node 20 (V8 11), the only version djlint-conf sets flags on. */
export function setV8Flags(flags: string): void {
  v8 ??= (process.versions.v8.startsWith("11.") ? processBinding<V8Flags>("v8") : undefined) ?? (createRequire(import.meta.url)("node:v8") as V8Flags);
  v8.setFlagsFromString(flags);
}

type TtyWrap = { isTTY(fd: number): boolean };
let ttyWrap: TtyWrap | null | undefined;

/** Whether descriptor `fd` is a terminal (what tty.isatty asks of the same binding). */
export function isatty(fd: number): boolean {
  if (ttyWrap === undefined) {
    const b = processBinding<TtyWrap>("tty_wrap");
    ttyWrap = typeof b?.isTTY === "function" ? b : null;
  }
  return ttyWrap ? ttyWrap.isTTY(fd) : tty.isatty(fd);
}
