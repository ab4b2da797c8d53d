/**
 * Findings the engine withholds whatever the rule that made them, so that
 * two guarantees hold for every rule, present and future:
 * - a finding that says something is missing (`meta.absence`) is not made
 *   where the model cannot see everything that applies (an unreadable
 *   include in scope, statements a template fills in): the missing directive
 *   may be there, unless the rule says it looked where the directive is
 *   taken from and nothing unseen reaches there (`Report.lookedPastUnseen`);
 * - no finding points at a template placeholder (src/template/guard.ts).
 */
import type { AnyServer, Report, RuleMeta } from "../rule-api.js";
import type { TemplateGuard } from "../template/guard.js";

export function withheld(meta: RuleMeta, r: Report, server: AnyServer | undefined, templates: TemplateGuard): boolean {
  if (templates.hides(r.at.file, r.at.range)) return true;
  return meta.absence?.includes(r.messageId) === true && r.lookedPastUnseen !== true && server !== undefined && server.unseenAt(r.at);
}
