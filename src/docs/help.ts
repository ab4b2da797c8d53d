/**
 * What djlint-conf says about an id (a rule's or the engine's): the one
 * lookup `--explain`, SARIF's rule help and the editor's hover use: the
 * id's page (./pages.ts) when it shipped, else its help from the metadata.
 */
import type { Severity } from "../core/diagnostic.js";
import { ENGINE_IDS, type EngineIdMeta } from "../engine/engine-ids.js";
import { allRules } from "../engine/registry.js";
import type { RuleMeta, SecurityMeta } from "../rule-api.js";

export interface IdInfo {
  id: string;
  severity: Severity;
  summary: string;
  /** A rule's rationale; an engine id's summary. */
  description: string;
  security?: SecurityMeta;
}

export const ruleInfo = (m: RuleMeta): IdInfo => ({
  id: m.id,
  severity: m.severity,
  summary: m.summary,
  description: m.rationale,
  ...(m.security ? { security: m.security } : {}),
});
export const engineIdInfo = (e: EngineIdMeta): IdInfo => ({ id: e.id, severity: e.severity, summary: e.summary, description: e.summary });

/** An id's metadata: a rule's (of `rules`, by default every rule), else the engine's. */
export function idInfo(id: string, rules: readonly RuleMeta[] = allRules().map((r) => r.meta)): IdInfo | undefined {
  const rule = rules.find((m) => m.id === id);
  if (rule) return ruleInfo(rule);
  const e = ENGINE_IDS.find((x) => x.id === id);
  return e ? engineIdInfo(e) : undefined;
}

/** The help of an id: its page (`rulePage(id)`, when it shipped), else a page made of its metadata (engine ids have no page of their own). */
export function helpText(info: IdInfo, page: string | undefined): string {
  if (page !== undefined) return page;
  return `# ${info.id}\n\nDefault severity: ${info.severity}\n\n${info.summary}.\n${info.description === info.summary ? "" : `\n${info.description}\n`}`;
}
