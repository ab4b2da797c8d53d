/** Lighttpd: unknown directives and directives in the wrong context, from data/lighttpd.json. */
import type { RuleSettings } from "../rule-api.js";
import type { LighttpdServer } from "../model/lighttpd/server.js";
import type { DirectiveFinding } from "./index.js";

export function lighttpdDirectiveFindings(server: LighttpdServer, settings: RuleSettings): DirectiveFinding[] {
  void server;
  void settings;
  return [];
}
