/** Command-line checks kept out of main.ts: option values and the usage messages yargs writes. */
import { UsageError } from "../core/errors.js";

/** --max-warnings: a whole number of warnings, or -1 for no limit (the default). */
export function checkMaxWarnings(v: unknown): number {
  if (typeof v === "number" && Number.isInteger(v) && v >= -1) return v;
  throw new UsageError(`--max-warnings expects a whole number of warnings, 0 or more (-1: no limit), got '${String(v)}'`);
}

/**
 * A yargs usage message, with each unknown option named once, as typed:
 * yargs lists `--foo-bar` as both "foo-bar" and its camel-case alias "fooBar".
 */
export function usageMessage(msg: string): string {
  const m = /^Unknown arguments?: (.*)$/s.exec(msg);
  if (!m) return msg;
  const names = [
    ...new Set(
      m[1]
        .split(", ")
        .map((n) => n.trim())
        .filter(Boolean),
    ),
  ];
  const kebab = new Set(names.filter((n) => n.includes("-")));
  const camelOf = (n: string) => n.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const shown = names.filter((n) => n.includes("-") || ![...kebab].some((k) => camelOf(k) === n));
  const flag = (n: string) => (n.length === 1 ? `-${n}` : `--${n}`);
  return `unknown option${shown.length === 1 ? "" : "s"}: ${shown.map(flag).join(", ")}`;
}

/** `-` among the paths means standard input (as the only path). */
export function dashIsStdin(paths: string[], stdinFlag: boolean): { stdin: boolean; paths: string[] } {
  if (!paths.includes("-")) return { stdin: stdinFlag, paths };
  if (paths.length > 1) throw new UsageError("'-' (standard input) is linted alone: give no other paths");
  return { stdin: true, paths: [] };
}

/**
 * Whether the run has nothing to lint: true (exit 0, silently, as ESLint)
 * with --no-error-on-unmatched-pattern, else a usage error naming why; false
 * when some file is left.
 */
export function nothingToLint(groups: { files: string[] }[], ignored: { why: string }[], paths: string[], errorOnUnmatched: boolean): boolean {
  if (groups.some((g) => g.files.length)) return false;
  if (!errorOnUnmatched) return true;
  if (ignored.length) {
    const why = [...new Set(ignored.map((i) => i.why))].join("; ");
    throw new UsageError(
      `no files to lint: ${paths.map((p) => `'${p}'`).join(", ")} ${ignored.length === 1 ? "is" : "are all"} ignored (${why}): --no-ignore lints ${ignored.length === 1 ? "it" : "them"} (--no-error-on-unmatched-pattern accepts it)`,
    );
  }
  throw new UsageError("no files to lint (--no-error-on-unmatched-pattern accepts it)");
}
