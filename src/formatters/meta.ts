/** Every id a run can report, with what formats need to describe it. */
import { ENGINE_IDS } from "../engine/engine-ids.js";
import type { LintResult } from "../engine/run.js";
import type { Severity } from "../engine/diagnostic.js";

export interface IdInfo {
  id: string;
  severity: Severity;
  summary: string;
  description: string;
}

export function idInfos(run: LintResult): IdInfo[] {
  return [
    ...run.rules.map((m) => ({ id: m.id, severity: m.severity, summary: m.summary, description: m.rationale })),
    ...ENGINE_IDS.map((e) => ({ id: e.id, severity: e.severity, summary: e.summary, description: e.summary })),
  ];
}
