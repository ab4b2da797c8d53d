/** Every id a run can report, with what formats need to describe it. */
import { ENGINE_IDS } from "../engine/engine-ids.js";
import type { LintResult } from "../engine/run.js";
import type { Severity } from "../core/diagnostic.js";
import type { SecurityMeta } from "../rule-api.js";

export interface IdInfo {
  id: string;
  severity: Severity;
  summary: string;
  description: string;
  security?: SecurityMeta;
}

export function idInfos(run: LintResult): IdInfo[] {
  return [
    ...run.rules.map((m) => ({ id: m.id, severity: m.severity, summary: m.summary, description: m.rationale, ...(m.security ? { security: m.security } : {}) })),
    ...ENGINE_IDS.map((e) => ({ id: e.id, severity: e.severity, summary: e.summary, description: e.summary })),
  ];
}

/** Tags for filtering: the server the id belongs to (from `dialect/name`), `security` and its CWE entries when it is one. */
export function idTags(info: IdInfo): string[] {
  const tags = info.id.includes("/") ? [info.id.split("/")[0]] : [];
  if (info.security) tags.push("security", ...info.security.cwe.map((n) => `external/cwe/cwe-${n}`));
  return tags;
}
