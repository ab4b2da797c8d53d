/**
 * GitLab Code Quality: one issue per finding with a stable fingerprint, so a
 * merge request shows new and fixed findings. The fingerprint hashes the
 * path, rule, message and the directive's text, not the line number: moving a
 * block does not make its findings "new".
 */
import { createRequire } from "node:module";
import { relativePath, type Formatter } from "./types.js";

// node:crypto is loaded only when this format is asked for: loading it costs every other run ~3 ms.
let crypto: typeof import("node:crypto") | undefined;
const hashing = () => (crypto ??= createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto"));

const SEVERITY = { error: "major", warning: "minor", info: "info" } as const;

export const gitlab: Formatter = (run, ctx) => {
  const seen = new Map<string, number>();
  const issues = run.results.flatMap((r) =>
    r.messages.map((m) => {
      const file = relativePath(ctx.cwd, m.file);
      const key = [file, m.ruleId ?? "", m.message].join("\0");
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      return {
        type: "issue",
        description: m.message,
        check_name: m.ruleId ?? "djlint-conf",
        fingerprint: hashing().createHash("sha256").update(`${key}\0${n}`).digest("hex"),
        severity: SEVERITY[m.severity],
        location: { path: file, lines: { begin: m.range.line, end: m.range.endLine } },
      };
    }),
  );
  return JSON.stringify(issues, null, 2);
};
