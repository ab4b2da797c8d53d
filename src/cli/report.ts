/** The end of a run: the report (to standard output, --output-file, or stderr beside --stdin --fix) and the exit code. */
import path from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { INTERNAL_ERROR } from "../engine/engine-ids.js";
import type { LintResult } from "../engine/run.js";
import { docsUrl, rulePage } from "../docs/pages.js";
import { FORMATTERS } from "../formatters/index.js";
import { counts, visible } from "../formatters/types.js";
import { describeWriteError, writeOutput } from "../fix/write.js";
import { UsageError } from "../core/errors.js";
import { unreadableNote } from "../load/unreadable.js";
import { colorLevel } from "./color.js";
import type { Args } from "./options.js";
import type { Io } from "./main.js";
import type { RunOutcome } from "./lint-run.js";

/** Formats whose report carries the run's note on unreadable production paths (stylish's last line, SARIF's notifications). */
const NOTE_IN_REPORT = new Set(["stylish", "sarif"]);

/** --quiet's filter, the notes on stderr, then the report in the chosen format. */
export function printReport(run: LintResult, args: Args, io: Io, stdinFix: boolean) {
  if (args.quiet) for (const r of run.results) r.messages = r.messages.filter((m) => m.severity === "error");
  else for (const s of run.skipped) io.stderr.write(`djlint-conf: skipped ${visible(s.filePath)}: ${visible(s.reason)}\n`);
  // The formats that have a place for a run-level note carry it; the others (ESLint's JSON array...) leave it to stderr.
  if (run.unreadable?.length && !args.quiet && !NOTE_IN_REPORT.has(args.format as string))
    io.stderr.write(`djlint-conf: note: ${visible(unreadableNote(run.unreadable))}\n`);

  const outputFile = args["output-file"] as string | undefined;
  const level = outputFile ? 0 : colorLevel(args.color, io.env, () => Boolean(io.stdout.isTTY));
  const text = FORMATTERS[args.format as string](run, { cwd: io.cwd, colorLevel: level, docsUrl, docsPage: rulePage, version: pkg.version });
  const report = text && !text.endsWith("\n") ? text + "\n" : text;
  if (outputFile) writeReport(path.resolve(io.cwd, outputFile), report);
  // With --stdin --fix, standard output carries the fixed text: the report goes to stderr.
  else if (report) (stdinFix ? io.stderr : io.stdout).write(report);
}

/** 2 when a fix could not be written or a rule failed (reported above), 1 for errors or too many warnings, else 0. */
export function exitCode({ run, fixFailed }: RunOutcome, maxWarnings: number, io: Io): number {
  const { errorCount, warningCount } = counts(run.results.flatMap((r) => r.messages));
  if (fixFailed || run.results.some((r) => r.messages.some((m) => m.ruleId === INTERNAL_ERROR))) return 2;
  if (errorCount > 0) return 1;
  if (maxWarnings >= 0 && warningCount > maxWarnings) {
    io.stderr.write(`djlint-conf found too many warnings (maximum: ${maxWarnings}).\n`);
    return 1;
  }
  return 0;
}

/** A report file is written whole or not at all; a device or FIFO is written to, never replaced (src/fix/write.ts). */
function writeReport(file: string, text: string) {
  try {
    writeOutput(file, text);
  } catch (e) {
    const why = describeWriteError(e);
    if (why === null) throw e;
    throw new UsageError(`cannot write ${file}: ${why}`);
  }
}
