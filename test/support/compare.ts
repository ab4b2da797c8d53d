/**
 * Comparing findings with `# expect:` annotations: every expectation is paired
 * with one finding; what is left on either side is the difference (too few and
 * too many both show).
 */
import path from "node:path";
import type { Expectation } from "./annotations.js";

/** A finding reduced to what annotations can state. */
export interface Found {
  file: string;
  line: number;
  column: number;
  ruleId: string | null;
  message: string;
  /** The other side of the finding (Diagnostic.related). */
  related?: { file: string; line: number; message: string }[];
}

function show(x: { file: string; line: number | null; ruleId: string | null; column?: number }, base: string) {
  return `${path.relative(base, x.file)}:${x.line ?? "*"}${x.column ? ":" + x.column : ""} ${x.ruleId}`;
}

function matches(e: Expectation, f: Found): boolean {
  return (
    f.file === e.file &&
    f.ruleId === e.ruleId &&
    (e.line === null || f.line === e.line) &&
    (e.column === undefined || f.column === e.column) &&
    (e.message === undefined || f.message.includes(e.message)) &&
    (e.related ?? []).every((r) => (f.related ?? []).some((x) => relatedMatches(r, x)))
  );
}

function relatedMatches(r: NonNullable<Expectation["related"]>[number], x: NonNullable<Found["related"]>[number]): boolean {
  const file = x.file.split(path.sep).join("/");
  return (file === r.path || file.endsWith("/" + r.path)) && x.line === r.line && (r.message === undefined || x.message.includes(r.message));
}

/**
 * Pair every expectation with one finding. Returns the expectations no finding
 * met (`missing`) and the findings no expectation claimed (`unexpected`), as
 * readable strings with paths relative to `base`.
 */
export function compare(expected: Expectation[], found: Found[], base = process.cwd()) {
  const left = [...found];
  const missing: Expectation[] = [];
  // Line-pinned expectations first, so that a file-level one cannot take the finding a pinned one needs.
  const ordered = [...expected.filter((e) => e.line !== null), ...expected.filter((e) => e.line === null)];
  for (const e of ordered) {
    const i = left.findIndex((f) => matches(e, f));
    if (i < 0) missing.push(e);
    else left.splice(i, 1);
  }
  return {
    missing: missing.map(
      (e) => show(e, base) + (e.message ? `  "${e.message}"` : "") + (e.related ? `  related ${e.related.map((r) => `${r.path}:${r.line}`).join(", ")}` : ""),
    ),
    unexpected: left.map(
      (f) => `${show(f, base)}  "${f.message}"` + (f.related ? `  related ${f.related.map((r) => `${path.relative(base, r.file)}:${r.line}`).join(", ")}` : ""),
    ),
  };
}
