/**
 * Access control as nginx applies it: `allow`/`deny` (ngx_http_access_module)
 * are checked in order, first match wins, and a client no rule matches is
 * let in. A level with any allow/deny of its own replaces the enclosing
 * level's rules (checked on nginx 1.22: `deny all;` in a server and
 * `allow 10.0.0.0/8;` alone in its location lets every client in there).
 * `auth_basic`, `auth_request` and `auth_jwt` restrict too, unless `off`.
 * All of it runs in the access phase, after the rewrite phase where
 * `return` and `rewrite` answer or redirect.
 */
import type { NginxDirective } from "../../ast/nginx.js";
import { settingInEffect } from "./inherit.js";
import type { NginxEntry, NginxServer, Scope } from "./server.js";

export interface AccessRules {
  /** The allow/deny directives in effect, in order (all from one level). */
  rules: NginxEntry<NginxDirective>[];
  /** The level they come from. */
  level: Scope | null;
  unsure: boolean;
}

const isRule = (e: NginxEntry) => e.node.kind === "directive" && (e.node.name === "allow" || e.node.name === "deny") && !e.node.incomplete;

/** The allow/deny rules in effect at a scope: the nearest level that has any. */
export function accessRulesInEffect(server: NginxServer, scope: Scope): AccessRules {
  let unsure = false;
  for (let s: Scope | null = scope; s; s = s.parent) {
    // directivesIn indexes large scopes: asked once per return/rewrite, a scan of every entry would be quadratic.
    const rules = [...server.directivesIn(s, "allow"), ...server.directivesIn(s, "deny")].filter((e) => !e.node.incomplete).sort((a, b) => a.order - b.order);
    if (rules.length) return { rules, level: s, unsure };
    if (s.unresolvedInclude) unsure = true;
  }
  return { rules: [], level: null, unsure };
}

/**
 * The `allow` list of a level that protects nothing: the level has `allow`
 * rules (other than `allow all`) and no `deny` after the first of them, so a
 * client that matches none of them is let in. Null when the level is fine.
 */
export function allowWithoutDeny(scope: Scope): { first: NginxEntry<NginxDirective>; allows: NginxEntry<NginxDirective>[] } | null {
  const rules = scope.entries.filter(isRule) as NginxEntry<NginxDirective>[];
  const allows = rules.filter((e) => e.node.name === "allow" && e.node.args[0]?.value !== "all");
  if (!allows.length) return null;
  const first = allows[0];
  if (rules.some((e) => e.node.name === "deny" && e.order > first.order)) return null;
  return { first, allows };
}

export type Restriction = { kind: "deny" | "auth"; entry: NginxEntry<NginxDirective> };

const AUTH = ["auth_basic", "auth_request", "auth_jwt"];

/** An authentication directive in effect at a scope (not `off`). */
export function authInEffect(server: NginxServer, scope: Scope): NginxEntry<NginxDirective> | null {
  for (const name of AUTH) {
    const e = settingInEffect(server, scope, name).entry;
    if (e && e.node.args[0]?.value.toLowerCase() !== "off") return e;
  }
  return null;
}

/**
 * What restricts access at a scope: a `deny` among the allow/deny rules in
 * effect, or authentication. Null when every client gets in; `unsure` when an
 * unreadable include on the way may add a restriction.
 */
export function restrictionAt(server: NginxServer, scope: Scope): { restriction: Restriction | null; unsure: boolean } {
  const access = accessRulesInEffect(server, scope);
  const deny = access.rules.find((e) => e.node.name === "deny");
  if (deny) return { restriction: { kind: "deny", entry: deny }, unsure: access.unsure };
  const auth = authInEffect(server, scope);
  if (auth) return { restriction: { kind: "auth", entry: auth }, unsure: access.unsure };
  return { restriction: null, unsure: access.unsure || settingInEffect(server, scope, "auth_basic").unsure };
}

/** What a `return` or `rewrite` does with a request, as far as the access phase is concerned. */
export type RewriteOutcome =
  | { kind: "answer"; status: string }
  | { kind: "redirect"; target: string; httpsUpgrade: boolean }
  | { kind: "internal"; target: string | null }
  | { kind: "none" };

const REDIRECT_STATUS = new Set(["301", "302", "303", "307", "308"]);
/** `https://$host$request_uri` and the like: the same request again over HTTPS, where the access rules meet it again. */
const HTTPS_SAME_REQUEST = /^https:\/\/(\$\{?(?:host|server_name|http_host)\}?|([A-Za-z0-9.-]+)(?::\d+)?)\$\{?request_uri\}?$/;

/** Whether a redirect target is the same request over HTTPS (to a host variable, or to one of the server's own names). */
function httpsUpgrade(target: string, serverNames: readonly string[]): boolean {
  const m = HTTPS_SAME_REQUEST.exec(target);
  return m !== null && (m[2] === undefined || serverNames.includes(m[2].toLowerCase()));
}
const ABSOLUTE = /^(https?:\/\/|\$scheme)/;

/**
 * How a rewrite-phase directive ends a request: `return` answers (or
 * redirects) at once; `rewrite ... redirect|permanent` (or to an absolute
 * URL) redirects; `rewrite ... last` (or without a flag) searches the
 * locations again for the new URI, whose access rules then apply;
 * `rewrite ... break` stays in this location and goes on to the access
 * phase (checked on nginx 1.22: 403 under `deny all;`).
 */
export function rewriteOutcome(e: NginxEntry<NginxDirective>, serverNames: readonly string[] = []): RewriteOutcome {
  const args = e.node.args.map((a) => a.value);
  if (e.node.name === "return") {
    if (!args.length) return { kind: "none" };
    if (/^\d+$/.test(args[0])) {
      if (REDIRECT_STATUS.has(args[0]) && args[1] !== undefined) return { kind: "redirect", target: args[1], httpsUpgrade: httpsUpgrade(args[1], serverNames) };
      return { kind: "answer", status: args[0] };
    }
    return ABSOLUTE.test(args[0]) ? { kind: "redirect", target: args[0], httpsUpgrade: httpsUpgrade(args[0], serverNames) } : { kind: "none" };
  }
  if (e.node.name !== "rewrite" || args.length < 2) return { kind: "none" };
  const flag = args[2] ?? "";
  const target = args[1];
  if (flag === "break") return { kind: "none" };
  if (flag === "redirect" || flag === "permanent" || ABSOLUTE.test(target))
    return { kind: "redirect", target, httpsUpgrade: httpsUpgrade(target, serverNames) };
  // The new URI with each capture stood in for by a plain segment; other variables make it unknown.
  const uri = target.split("?")[0].replace(/\$([1-9]|\{[1-9]\})/g, "x");
  return { kind: "internal", target: uri.includes("$") || !uri.startsWith("/") ? null : uri };
}

/** Whether a scope is where `return`/`rewrite` run in the rewrite phases: a server, a location, or an `if` in one. */
export function inRewritePhase(scope: Scope): boolean {
  for (let s: Scope | null = scope; s; s = s.parent) {
    if (s.kind === "server" || s.kind === "location") return true;
    if (s.kind !== "if") return false;
  }
  return false;
}
