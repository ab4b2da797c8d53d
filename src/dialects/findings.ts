/** The directive catalog's findings for a server, from its dialect's plugin: computed once, shared by the two catalog rules. */
import type { DirectiveFinding } from "../catalog/types.js";
import type { Dialect, ServerModels } from "../core/dialect.js";
import type { RuleSettings } from "../core/settings.js";
import { dialectNamed } from "./registry.js";

const memo = new WeakMap<object, DirectiveFinding[]>();

/** Every catalog finding for a server (`unknown-directive`, `directive-context`), computed once. */
export function directiveFindings(server: ServerModels[Dialect], settings: RuleSettings): DirectiveFinding[] {
  let hit = memo.get(server);
  if (!hit) {
    hit = dialectNamed(server.dialect)?.catalog.findings(server, settings) ?? [];
    memo.set(server, hit);
  }
  return hit;
}
