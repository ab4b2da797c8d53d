/** Apache: unknown directives and directives in the wrong context, from data/apache.json. */
import type { RuleSettings } from "../rule-api.js";
import type { ApacheServer } from "../model/apache/server.js";
import type { DirectiveFinding } from "./index.js";

export function apacheDirectiveFindings(server: ApacheServer, settings: RuleSettings): DirectiveFinding[] {
  void server;
  void settings;
  return [];
}
