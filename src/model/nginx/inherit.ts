/**
 * Directives that take one value per level (`autoindex`, `auth_basic`,
 * `satisfy`, `resolver`, `proxy_http_version`, ...): a level without its own
 * inherits the enclosing level's, and the last one at a level wins.
 */
import type { NginxDirective } from "../../ast/nginx.js";
import type { NginxEntry, NginxServer, Scope } from "./server.js";

export interface InEffect {
  entry: NginxEntry<NginxDirective> | null;
  /** A level on the way has an include the linter could not read (it may set the directive). */
  unsure: boolean;
}

/** The directive `name` in effect at a scope: the nearest level's last one. */
export function settingInEffect(server: NginxServer, scope: Scope, name: string): InEffect {
  let unsure = false;
  for (let s: Scope | null = scope; s; s = s.parent) {
    const here = server.directivesIn(s, name).filter((e) => !e.node.incomplete);
    if (here.length) return { entry: here[here.length - 1], unsure };
    if (s.unresolvedInclude || (s.unreadTlsOptions && name.startsWith("ssl_"))) unsure = true;
  }
  return { entry: null, unsure };
}

/** The first argument of the directive in effect (lower-cased), or `fallback` (nginx's default) when no level sets it. */
export function settingValue(server: NginxServer, scope: Scope, name: string, fallback: string | null = null): string | null {
  return settingInEffect(server, scope, name).entry?.node.args[0]?.value.toLowerCase() ?? fallback;
}
