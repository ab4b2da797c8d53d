/**
 * Over which schemes lighttpd serves a Django site (django/https-not-enforced, django/proxy-ssl-header-spoofable).
 */
import type { LighttpdScalar, LighttpdTest } from "../../ast/lighttpd.js";
import type { Positioned } from "../../core/range.js";
import { configRegex, type ConfigRegex } from "../../core/config-regex.js";
import { isWithin, testsField } from "../lighttpd/request.js";
import type { LighttpdContext, LighttpdServer } from "../lighttpd/server.js";
import { isLoopback } from "../nginx/addresses.js";
import { lighttpdSiteContext } from "./site-servers.js";
import type { Site } from "./sites.js";

/**
 * lighttpd serves every host condition on every socket: a site outside any socket or scheme condition is
 * served over TLS when a `$SERVER["socket"]` block enables `ssl.engine`, and over plain HTTP on the global
 * port when that one does not (the usual Debian layout: port 80 globally, `:443` in 10-ssl.conf). Both, then,
 * from the same block; plain HTTP unless a redirect may apply to it, the server binds a loopback address or a
 * socket, or the linter does not see all of it (a fragment, an include it cannot read).
 */
export function lighttpdSchemes(server: LighttpdServer, site: Site): { tls: boolean; plain: boolean } {
  const none = { tls: false, plain: false };
  const ctx = lighttpdSiteContext(server, site);
  if (!ctx || !server.complete || server.unseenAt(site.block)) return none;
  const chain: LighttpdContext[] = [];
  for (let c: LighttpdContext | null = ctx; c; c = c.parent) chain.push(c);
  if (chain.some((c) => c.blocks.some((b) => testsField(b.test, "SERVER", "socket") || testsField(b.test, "HTTP", "scheme")))) return none;
  if (sslEnabled(server.global)) return none;
  const tls = server.contexts.some((c) => c.blocks.some((b) => testsField(b.test, "SERVER", "socket")) && sslEnabled(c));
  if (bindsLocally(server)) return { tls, plain: false };
  // A redirect anywhere but in another host's conditions may send these plain requests to https://.
  const inChain = (c: LighttpdContext) => chain.includes(c);
  const redirects = server.assignments("url.redirect").some((e) => {
    if (inChain(e.context) || isWithin(e.context, ctx)) return true;
    for (let p: LighttpdContext | null = e.context; p; p = p.parent) {
      const hosts = p.blocks.filter((b) => testsField(b.test, "HTTP", "host"));
      if (hosts.length && !hosts.some((b) => hostMayMatch(b.test, site.names))) return false;
    }
    return true;
  });
  return { tls, plain: !redirects };
}

/**
 * Whether a host test may hold for one of the site's names (a redirect written under its own copy of the site's
 * host condition, `$HTTP["scheme"] == "http" { $HTTP["host"] =~ "^(www\\.)?example\\.com$" { url.redirect ... } }`,
 * applies to the site). A pattern that cannot be read, or a site without names, may hold.
 */
function hostMayMatch(t: LighttpdTest | null, names: readonly string[]): boolean {
  const p = t?.pattern;
  if (!t || p?.kind !== "arg" || p.type !== "string" || !names.length) return true;
  const pattern = p.value.toLowerCase();
  let regex: ConfigRegex | null = null;
  if (t.op === "=~" || t.op === "!~") {
    regex = configRegex(p.value, "i");
    if (!regex) return true;
  }
  return names.some((raw) => {
    const name = raw.toLowerCase();
    const hit = t.op === "=^" ? name.startsWith(pattern) : t.op === "=$" ? name.endsWith(pattern) : regex ? regex.test(name) : name === pattern;
    return hit !== (t.op === "!=" || t.op === "!~");
  });
}

/**
 * Whether lighttpd answers the site over plain HTTP from clients at all, whatever its scheme conditions and
 * redirects say: the site is in no socket condition, the global port is not TLS, and the server binds neither a
 * loopback address nor a unix socket.
 */
export function lighttpdPlainListener(server: LighttpdServer, site: Site): boolean {
  const ctx = lighttpdSiteContext(server, site);
  if (!ctx || !server.complete || server.unseenAt(site.block) || sslEnabled(server.global)) return false;
  for (let c: LighttpdContext | null = ctx; c; c = c.parent) if (c.blocks.some((b) => testsField(b.test, "SERVER", "socket"))) return false;
  return !bindsLocally(server);
}

/** Whether `server.bind` is a loopback address or a unix socket (or cannot be read): only a front proxy talks to it. */
function bindsLocally(server: LighttpdServer): boolean {
  const bind = server.global.settings.get("server.bind")?.value;
  return !!bind && (bind.type !== "string" || bind.value.startsWith("/") || isLoopback(bind.value.replace(/^\[|\]$/g, "")));
}

/**
 * mod_extforward as the site has it: the forwarders it trusts, and whether that is every peer
 * (`extforward.forwarder = ( "all" => "trust" )`). From a trusted peer it takes the client's address from
 * X-Forwarded-For (or the configured header) and the connection's scheme from X-Forwarded-Proto, so with "all"
 * any client sets the scheme its requests are judged by: `$HTTP["scheme"]` conditions, redirects, and the
 * X-Forwarded-Proto mod_proxy sends on (checked with lighttpd 1.4.69). Null when the module is not loaded or
 * trusts no one.
 */
export function extforwardTrust(server: LighttpdServer, ctx: LighttpdContext): { all: boolean; at: Positioned } | null {
  if (server.hasModule("mod_extforward") !== "yes") return null;
  const s = server.settingInEffect("extforward.forwarder", ctx);
  if (!s || s.value.type !== "array" || !s.value.entries.length) return null;
  const all = s.value.entries.some((e) => e.key?.toLowerCase() === "all" && e.value.type === "string" && e.value.value.toLowerCase() === "trust");
  return { all, at: s.assignments[s.assignments.length - 1] };
}

/**
 * Whether mod_setenv may set a request header on a site's plain-HTTP requests: an assignment of
 * `setenv.add-request-header` or `setenv.set-request-header` that names it (or cannot be read) outside a condition
 * only TLS requests meet (a `$SERVER["socket"]` block that enables `ssl.engine`, `$HTTP["scheme"] == "https"`).
 * lighttpd applies every condition a request meets, so one written under the `:443` socket sets it over TLS only.
 */
export function setenvMaySetOnPlain(server: LighttpdServer, header: string): boolean {
  const name = header.toLowerCase();
  return ["setenv.add-request-header", "setenv.set-request-header"].some((k) =>
    server.assignments(k).some((e) => {
      const v = e.node.value;
      const names = v?.kind === "array" && v.entries.every((x) => x.key?.kind === "arg" && x.key.type === "string");
      if (names && !v.entries.some((x) => (x.key as LighttpdScalar).value.toLowerCase() === name)) return false;
      return !tlsOnly(e.context);
    }),
  );
}

/** Whether only TLS requests meet a context's conditions. */
function tlsOnly(ctx: LighttpdContext): boolean {
  for (let c: LighttpdContext | null = ctx; c; c = c.parent)
    for (const b of c.blocks) {
      if (testsField(b.test, "SERVER", "socket") && b.test?.op === "==" && sslEnabled(c)) return true;
      const p = b.test?.pattern;
      if (testsField(b.test, "HTTP", "scheme") && b.test?.op === "==" && p?.kind === "arg" && p.value.toLowerCase() === "https") return true;
    }
  return false;
}

function sslEnabled(c: LighttpdContext): boolean {
  const v = c.settings.get("ssl.engine")?.value;
  return v?.type === "string" && v.value.toLowerCase() === "enable";
}
