/**
 * Fingerprints that identify a finding across runs (GitLab Code Quality's
 * `fingerprint`, SARIF's `partialFingerprints`): a hash of the file's path
 * relative to the working directory, the rule and the message, with the
 * line numbers a message mentions ("on line 12") taken out and the paths it
 * names under the working directory made relative, plus the count of
 * identical findings before it in the same file. So a block that moves keeps
 * its findings' identity, and so does a checkout in another directory.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { Diagnostic } from "../core/diagnostic.js";

// node:crypto is loaded only when a format needs it: loading it costs every other run ~3 ms.
let crypto: typeof import("node:crypto") | undefined;
const hashing = () => (crypto ??= createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto"));

/** "line 12" and "lines 3-5" in a message refer to other directives' positions, which move with edits. */
const LINE_REFERENCE = /\b(lines?) \d+(?:-\d+)?/g;

/** A function giving each finding its fingerprint; call it on a run's findings in report order. */
export function fingerprinter(cwd: string): (m: Diagnostic) => string {
  const seen = new Map<string, number>();
  const root = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  return (m) => {
    const file = path.relative(cwd, m.file).split(path.sep).join("/");
    const message = m.message.split(root).join("").replace(LINE_REFERENCE, "$1");
    const key = [file, m.ruleId ?? "", message].join("\0");
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return hashing().createHash("sha256").update(`${key}\0${n}`).digest("hex");
  };
}
