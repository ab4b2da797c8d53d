/** The catalog's rules, from the generated static registry. */
import { rules } from "../../rules/index.js";
import type { Rule } from "../rule-api.js";

export function allRules(): Rule[] {
  return rules as Rule[];
}
