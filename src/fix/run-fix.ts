/**
 * --fix, --fix-dry-run and --stdin --fix as the command runs them.
 *
 * Fixes are made only in the files the user named (given, or found in a
 * directory or glob the user gave), each read once; with --stdin only the
 * text of standard input is fixed and printed, and nothing on disk is
 * written. Fixes are applied per file: a file that cannot be written, or that
 * changed on disk meanwhile, is reported and left as it was, the other files
 * are still fixed, the report shows what is in each file now, and the run
 * ends with exit code 2.
 */
import path from "node:path";
import { lintFiles, type LintOptions, type LintResult } from "../engine/run.js";
import { unifiedDiff } from "../formatters/diff.js";
import { DiskFs, MAX_FILE_BYTES, notText } from "../load/fs-facade.js";
import { PathMap } from "../load/path-map.js";
import { fixFiles, SAFE_FIXES, type FixedFile, type FixSelection, type FixSource } from "./fix.js";
import { describeWriteError, readSnapshot, replaceFile, type Snapshot } from "./write.js";

export interface FixRunOptions {
  /** Show the changes as a diff instead of writing them. */
  dryRun: boolean;
  quiet: boolean;
  cwd: string;
  /** --stdin: the path it stands for and its bytes. */
  stdin?: { file: string; bytes: Buffer };
  /** The files fixes may change (default: every file linted); the others are linted for context. */
  named?: string[];
  /** Which fixes to apply (default: the safe ones of every rule). */
  select?: FixSelection;
  out(s: string | Uint8Array): void;
  err(s: string): void;
  /** Where --fix-dry-run's diff goes (default: `out`; stderr when stdout carries a machine-readable report). */
  diff?(s: string): void;
}

export function runFix(files: string[], opts: LintOptions, o: FixRunOptions): { run: LintResult; failed: boolean } {
  const snapshots = new Map<string, Snapshot>();
  const sources = new Map<string, FixSource>();
  if (o.stdin) sources.set(o.stdin.file, { bytes: o.stdin.bytes });
  else {
    for (const file of namedFiles(o.named ?? files, opts)) {
      const s = trySnapshot(file);
      if (s) {
        snapshots.set(file, s);
        sources.set(file, s);
      }
    }
  }
  const outcome = fixFiles(files, opts, sources, o.select ?? SAFE_FIXES);
  const rel = (f: string) => path.relative(o.cwd, f) || f;
  for (const n of outcome.notices) o.err(`djlint-conf: ${rel(n.file)}: ${n.message}\n`);

  const failed = new Set<string>();
  const written = o.dryRun || o.stdin ? null : writeAll(outcome.changed, snapshots);
  let fixes = 0;
  let fixedFiles = 0;
  for (const [file, f] of outcome.changed) {
    if (o.dryRun) (o.diff ?? o.out)(unifiedDiff(rel(file), f.before, f.after, f.edits) + "\n");
    const why = written?.get(file) ?? null;
    if (why !== null) {
      o.err(`djlint-conf: cannot fix ${rel(file)}: ${why}\n`);
      failed.add(file);
      continue;
    }
    fixes += f.applied;
    fixedFiles++;
  }
  if (o.stdin && !o.dryRun) o.out(outcome.changed.get(o.stdin.file)?.bytes ?? o.stdin.bytes);
  if (!o.quiet) {
    if (fixedFiles) o.err(`djlint-conf: ${o.dryRun ? "would fix" : "fixed"} ${plural(fixes, "problem")} in ${plural(fixedFiles, "file")}\n`);
    if (outcome.elsewhere) {
      o.err(
        o.stdin
          ? `djlint-conf: ${plural(outcome.elsewhere, "fixable problem")} in files that standard input includes not fixed: with --stdin only standard input is fixed\n`
          : `djlint-conf: ${plural(outcome.elsewhere, "fixable problem")} in included files not fixed: --fix changes only the files named on the command line (name the file, or a directory that holds it)\n`,
      );
    }
    if (outcome.hiddenUnsafe)
      o.err(
        `djlint-conf: ${outcome.hiddenUnsafe} unsafe ${outcome.hiddenUnsafe === 1 ? "fix" : "fixes"} not applied: they may change what a working site does; review them and apply with --unsafe-fixes\n`,
      );
  }
  if (!failed.size) return { run: withOutput(outcome.run, outcome.changed, failed), failed: false };
  // The report says what the files hold now: a file left alone keeps its findings.
  const overlay = new Map(opts.overlay ?? []);
  for (const [file, f] of outcome.changed) overlay.set(file, failed.has(file) ? f.before : f.after);
  return { run: withOutput(lintFiles(files, { ...opts, overlay }), outcome.changed, failed), failed: true };
}

/** ESLint's `output`: the fixed text of each file fixes changed (and, without --fix-dry-run, wrote). */
function withOutput(run: LintResult, changed: Map<string, FixedFile>, failed: Set<string>): LintResult {
  for (const r of run.results) {
    const f = changed.get(r.filePath);
    if (f && !failed.has(r.filePath)) r.output = f.after;
  }
  return run;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/**
 * Writes the fixed files; for each, null or why it was not written. A file
 * named twice (a link and its target, two hard links) is written once, and
 * not at all when its names got different fixes.
 */
function writeAll(changed: Map<string, FixedFile>, snapshots: Map<string, Snapshot>): Map<string, string | null> {
  const names = new Map<string, string[]>();
  for (const file of changed.keys()) {
    const { dev, ino } = (snapshots.get(file) as Snapshot).identity;
    const k = `${dev}:${ino}`;
    const list = names.get(k);
    if (list) list.push(file);
    else names.set(k, [file]);
  }
  const out = new Map<string, string | null>();
  for (const same of names.values()) {
    const first = changed.get(same[0]) as FixedFile;
    if (same.some((f) => !(changed.get(f) as FixedFile).bytes.equals(first.bytes))) {
      for (const f of same) out.set(f, `it is the same file as ${same.filter((x) => x !== f).join(", ")}, which got different fixes`);
      continue;
    }
    const why = writeOne(same[0], first.bytes, snapshots.get(same[0]) as Snapshot);
    for (const f of same) out.set(f, why);
  }
  return out;
}

function writeOne(file: string, bytes: Buffer, snap: Snapshot): string | null {
  try {
    replaceFile(file, bytes, { expect: snap });
    return null;
  } catch (e) {
    const why = describeWriteError(e);
    if (why === null) throw e;
    return why;
  }
}

/** The local paths of the files named, as the engine reads them (after --map). */
function namedFiles(files: string[], opts: LintOptions): string[] {
  const cwd = opts.cwd ?? process.cwd();
  // The engine's door to the disk: a link in a mapped copy is followed as the engine followed it.
  const fsys = new DiskFs(new PathMap(opts.map ?? [], cwd));
  return [...new Set(files.map((f) => fsys.local(path.resolve(cwd, f))))];
}

/** A named file as read for fixing; null for what the engine will not lint as text (it reports why). */
function trySnapshot(file: string): Snapshot | null {
  try {
    const s = readSnapshot(file, MAX_FILE_BYTES);
    return s && !notText(s.bytes) ? s : null;
  } catch {
    return null;
  }
}
