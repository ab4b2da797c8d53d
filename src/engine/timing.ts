/**
 * Where a run's time goes, as ESLint's `TIMING` environment variable shows it: set, the engine times each rule
 * and the stages before the rules (reading and parsing, the servers' models, the Django side), and the CLI prints
 * the slowest at the end of the run (`TIMING=1`: ten; `TIMING=all`: every one; `TIMING=N`: N, when above ten).
 *
 * Times are exclusive: a model a rule is the first to ask for (the Django side, an index built on first use) is
 * charged to its own row when it has one (`stage`), not to the rule; an index without a row of its own is charged
 * to the first rule that asks, as in ESLint.
 */
import { performance } from "node:perf_hooks";

export class Timing {
  private readonly totals = new Map<string, { ms: number; stage: boolean }>();
  /** Time of the frames timed inside the current one, to subtract from it. */
  private inner = 0;

  /** Runs `fn`, charging its time (less what nested timings took) to the rule `id`. */
  rule<T>(id: string, fn: () => T): T {
    return this.time(id, false, fn);
  }

  /** Runs `fn`, charging its time to the stage `name` (shown in brackets). */
  stage<T>(name: string, fn: () => T): T {
    return this.time(name, true, fn);
  }

  private time<T>(key: string, stage: boolean, fn: () => T): T {
    const outer = this.inner;
    this.inner = 0;
    const start = performance.now();
    try {
      return fn();
    } finally {
      const took = performance.now() - start;
      const own = took - this.inner;
      const t = this.totals.get(key);
      if (t) t.ms += own;
      else this.totals.set(key, { ms: own, stage });
      this.inner = outer + took;
    }
  }

  /** ESLint's table: the `limit` slowest rows, each with its share of the whole. */
  table(limit: number): string {
    const rows = [...this.totals].map(([key, t]) => ({ name: t.stage ? `[${key}]` : key, ms: t.ms }));
    const all = rows.reduce((a, r) => a + r.ms, 0);
    rows.sort((a, b) => b.ms - a.ms || (a.name < b.name ? -1 : 1));
    const shown = rows.slice(0, limit).map((r) => [r.name, r.ms.toFixed(3), `${all > 0 ? ((100 * r.ms) / all).toFixed(1) : "0.0"}%`]);
    const head = ["Rule", "Time (ms)", "Relative"];
    const w = head.map((h, i) => Math.max(h.length, ...shown.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join(" | ");
    // The separator as ESLint draws it: cells as wide as the column and the " | " around it, colons on the aligned side.
    const rule = [`:${"-".repeat(w[0])}`, `${"-".repeat(w[1] + 1)}:`, `${"-".repeat(w[2])}:`].join("|");
    return [line(head), rule, ...shown.map(line)].join("\n") + "\n";
  }
}

/**
 * How many rows `TIMING` asks for, as ESLint reads it: `all` every one, a number above ten that many, anything else
 * set ten; null when unset or empty.
 */
export function timingLimit(value: string | undefined): number | null {
  if (!value) return null;
  if (value.toLowerCase() === "all") return Infinity;
  const n = Number.parseInt(value, 10);
  return n > 10 ? n : 10;
}

/** The process's timing, when `TIMING` asks for it (read once: the variable is the user's, for the whole run). */
export const timing: Timing | null = timingLimit(process.env.TIMING) === null ? null : new Timing();
