/**
 * GitLab Code Quality: one issue per finding with a stable fingerprint (see
 * fingerprint.ts), so a merge request shows new and fixed findings and a
 * block that moves does not make its findings "new".
 */
import { fingerprinter } from "./fingerprint.js";
import { relativePath, type Formatter } from "./types.js";

const SEVERITY = { error: "major", warning: "minor", info: "info" } as const;

export const gitlab: Formatter = (run, ctx) => {
  const fingerprint = fingerprinter(ctx.cwd);
  const issues = run.results.flatMap((r) =>
    r.messages.map((m) => ({
      type: "issue",
      description: m.message,
      check_name: m.ruleId ?? "djlint-conf",
      fingerprint: fingerprint(m),
      severity: SEVERITY[m.severity],
      location: { path: relativePath(ctx.cwd, m.file), lines: { begin: m.range.line, end: m.range.endLine } },
    })),
  );
  return JSON.stringify(issues, null, 2);
};
