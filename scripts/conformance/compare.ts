/** One case's outcome: do the server and we agree on accept/reject, and on the line of the first error? */
import { explain, type Explained } from "./reasons.js";
import type { CaseResult, OurFinding, Outcome } from "./types.js";

/** Our first rejecting finding in the file where the server stopped (the server reads top to bottom and stops at its first error). */
export function ourFirst(c: Pick<CaseResult, "server" | "ours">): OurFinding | undefined {
  const inFile = c.ours.findings.filter((f) => f.file === c.server.file);
  const pool = inFile.length ? inFile : c.ours.findings;
  return [...pool].sort((a, b) => a.line - b.line)[0];
}

/** `text` is the case's text of the checked corpus file (original or mutant), for explanations that look at it. */
export function classify(c: Omit<CaseResult, "outcome" | "reason">, text = ""): { outcome: Outcome; reason?: Explained } {
  const base = ((): Outcome => {
    if (c.server.ok) return c.ours.reject ? (c.server.misread ? "agree-misread" : "false-rejection") : "agree-accept";
    if (!c.ours.reject) return "missed-rejection";
    const first = ourFirst(c);
    return first && first.file === c.server.file && first.line === c.server.line ? "agree-reject" : "line-mismatch";
  })();
  if (base === "agree-accept" || base === "agree-reject" || base === "agree-misread") return { outcome: base };
  const reason = explain({ ...c, outcome: base }, text);
  // A line difference with a documented structural reason is an agreement.
  if (base === "line-mismatch" && reason?.shift) return { outcome: "agree-shifted", reason };
  return { outcome: base, reason };
}
