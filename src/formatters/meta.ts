/** Every id a run can report, with what formats need to describe it. */
import { engineIdInfo, ruleInfo, type IdInfo } from "../docs/help.js";
import { ENGINE_IDS } from "../engine/engine-ids.js";
import type { LintResult } from "../engine/run.js";

export type { IdInfo };

export function idInfos(run: LintResult): IdInfo[] {
  return [...run.rules.map(ruleInfo), ...ENGINE_IDS.map(engineIdInfo)];
}

/** Tags for filtering: the server the id belongs to (from `dialect/name`), `security` and its CWE entries when it is one. */
export function idTags(info: IdInfo): string[] {
  const tags = info.id.includes("/") ? [info.id.split("/")[0]] : [];
  if (info.security) tags.push("security", ...info.security.cwe.map((n) => `external/cwe/cwe-${n}`));
  return tags;
}
