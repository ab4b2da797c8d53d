/**
 * Findings the engine withholds whatever the rule that made them: a finding
 * that says something is missing (`meta.absence`) is not made where the model
 * cannot see everything that applies (an unreadable include in scope): the
 * missing directive may be there. The guarantee holds for every rule, present
 * and future.
 */
import type { AnyServer, Report, RuleMeta } from "../rule-api.js";

export function withheld(meta: RuleMeta, r: Report, server: AnyServer): boolean {
  return meta.absence?.includes(r.messageId) === true && server.unseenAt(r.at);
}
