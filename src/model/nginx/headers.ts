/**
 * Response and request headers nginx adds at a level, after its inheritance:
 * `add_header` (ngx_http_headers_filter_module) and `proxy_set_header`
 * (ngx_http_proxy_module) are arrays that a level replaces, not extends, as
 * soon as it has one of its own ("These directives are inherited from the
 * previous configuration level if and only if there are no add_header
 * directives defined on the current level"). Since nginx 1.29.3
 * `add_header_inherit` changes that for add_header: `merge` appends the
 * outer level's headers, `off` drops them even where the level has none
 * (ngx_http_headers_merge_conf); the mode itself inherits as usual.
 */
import type { NginxDirective } from "../../ast/nginx.js";
import type { NginxEntry, NginxServer, Scope } from "./server.js";

/** Response headers whose loss weakens a site (the catalog's list for nginx/add-header-drops-inherited). */
export const SECURITY_HEADERS = new Set([
  "strict-transport-security",
  "content-security-policy",
  "x-frame-options",
  "x-content-type-options",
  "referrer-policy",
  "permissions-policy",
]);

export type InheritMode = "on" | "off" | "merge";

/** The `add_header_inherit` mode at a scope: the nearest level that sets it (the last one there), else `on`. */
export function addHeaderInheritMode(server: NginxServer, scope: Scope): { mode: InheritMode; entry: NginxEntry<NginxDirective> | null } {
  for (let s: Scope | null = scope; s; s = s.parent) {
    const here = server.directivesIn(s, "add_header_inherit").filter((e) => !e.node.incomplete && /^(on|off|merge)$/.test(e.node.args[0]?.value ?? ""));
    if (here.length) {
      const last = here[here.length - 1];
      return { mode: last.node.args[0].value as InheritMode, entry: last };
    }
  }
  return { mode: "on", entry: null };
}

export interface AddHeaders {
  /** The add_header directives that apply to responses of this level. */
  entries: NginxEntry<NginxDirective>[];
  /** An include on the way could not be read: there may be more (or other) headers. */
  unsure: boolean;
}

/** The `add_header` directives in effect at a scope, merged the way nginx merges them. */
export function addHeadersInEffect(server: NginxServer, scope: Scope): AddHeaders {
  const own = server.directivesIn(scope, "add_header").filter((e) => !e.node.incomplete);
  const unsureHere = scope.unresolvedInclude;
  if (!scope.parent) return { entries: own, unsure: unsureHere };
  const { mode } = addHeaderInheritMode(server, scope);
  if (mode === "off") return { entries: own, unsure: unsureHere };
  const outer = addHeadersInEffect(server, scope.parent);
  if (!own.length) return { entries: outer.entries, unsure: unsureHere || outer.unsure };
  if (mode === "merge") return { entries: [...own, ...outer.entries], unsure: unsureHere || outer.unsure };
  return { entries: own, unsure: unsureHere || outer.unsure };
}

/** The header a directive sets (`add_header NAME value`, `proxy_set_header NAME value`), lower-cased. */
export const headerName = (e: NginxEntry<NginxDirective>): string => e.node.args[0]?.value.toLowerCase() ?? "";

export interface DroppedHeaders {
  /** This level's own add_header directives (the first one is where the drop happens). */
  own: NginxEntry<NginxDirective>[];
  /** The outer levels' add_header directives in effect there and lost here (not set again by name at this level). */
  dropped: NginxEntry<NginxDirective>[];
  mode: InheritMode;
  unsure: boolean;
}

/**
 * What a level with its own `add_header` loses of the enclosing levels'
 * headers: everything in effect at the parent that the level does not set
 * again, unless `add_header_inherit merge` keeps it (or `off` drops it on
 * purpose). Null when the level has no add_header of its own.
 */
export function droppedAddHeaders(server: NginxServer, scope: Scope): DroppedHeaders | null {
  const own = server.directivesIn(scope, "add_header").filter((e) => !e.node.incomplete);
  if (!own.length || !scope.parent) return null;
  const { mode } = addHeaderInheritMode(server, scope);
  const outer = addHeadersInEffect(server, scope.parent);
  const names = new Set(own.map(headerName));
  const dropped = mode === "on" ? outer.entries.filter((e) => !names.has(headerName(e))) : [];
  return { own, dropped, mode, unsure: scope.unresolvedInclude || outer.unsure };
}

/** The `proxy_set_header` directives in effect at a scope (a level with any replaces the outer ones). */
export function proxyHeadersInEffect(server: NginxServer, scope: Scope): { entries: NginxEntry<NginxDirective>[]; unsure: boolean } {
  const eff = server.directivesInEffect("proxy_set_header", scope);
  return { entries: eff.entries, unsure: eff.unsure };
}

/**
 * Whether an add_header's value is a `map` of `$sent_http_content_type` (h5bp
 * sends X-Frame-Options and CSP only for HTML that way): which responses
 * carry the header depends on their type, which the linter does not know.
 * Also when the value is a variable the linted files never define (the map
 * may be in a file not linted).
 */
export function dependsOnContentType(server: NginxServer, e: NginxEntry<NginxDirective>): boolean {
  const v = e.node.args[1]?.value ?? "";
  const m = /^\$\{?([A-Za-z_]\w*)\}?$/.exec(v);
  if (!m) return false;
  const maps = server.mapsDefining(`$${m[1]}`);
  if (maps.some((b) => b.node.args[0]?.value.toLowerCase() === "$sent_http_content_type")) return true;
  // Defined nowhere in the linted files (h5bp's test vhosts without its nginx.conf): the map may be such a one.
  return (
    !maps.length &&
    !server.isSetAnywhere(`$${m[1]}`) &&
    !/^(http|sent_http|arg|cookie|upstream_http)_|^(host|scheme|request_uri|uri|remote_addr|server_name|request_id)$/.test(m[1])
  );
}
