/**
 * Directive knowledge for the three servers: which names exist, in which
 * module, in which contexts. The catalogs are data (`data/*.json`); this
 * module and the per-dialect checkers turn them into findings that the
 * `unknown-directive` and `directive-context` rules report.
 */
import type { Positioned } from "../ast/types.js";
import type { AnyServer, RuleSettings } from "../rule-api.js";
import type { Phrase } from "../source/quote.js";
import { apacheDirectiveFindings } from "./apache.js";
import { lighttpdDirectiveFindings } from "./lighttpd.js";
import { nginxDirectiveFindings } from "./nginx.js";

/** What the two catalog rules report, decided once per server. */
export interface DirectiveFinding {
  rule: "unknown-directive" | "directive-context";
  /** A messageId of that rule (see rules/unknown-directive.ts, rules/directive-context.ts). */
  messageId: string;
  data: Record<string, string | number | Phrase>;
  at: Positioned;
  /** Set when the server is seen whole and the server itself would refuse the name (apache2 -t, nginx -t fail). */
  severity?: "error";
}

const memo = new WeakMap<AnyServer, DirectiveFinding[]>();

/** Every catalog finding for a server, computed once and shared by both rules. */
export function directiveFindings(server: AnyServer, settings: RuleSettings): DirectiveFinding[] {
  let hit = memo.get(server);
  if (hit) return hit;
  switch (server.dialect) {
    case "apache":
      hit = apacheDirectiveFindings(server, settings);
      break;
    case "nginx":
      hit = nginxDirectiveFindings(server, settings);
      break;
    case "lighttpd":
      hit = lighttpdDirectiveFindings(server, settings);
      break;
  }
  memo.set(server, hit);
  return hit;
}
