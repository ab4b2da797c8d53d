/**
 * What a pass directive's target means beyond its address: the URI part of
 * `proxy_pass` (which makes nginx send the decoded, normalised path instead
 * of the client's), and whether nginx resolves a host name once, at start-up
 * (a name in the directive itself; an `upstream` group, an address, a unix
 * socket and a variable target are resolved otherwise or not at all).
 */
import { isLoopback, type Backend } from "./addresses.js";
import { isOpaque } from "../../template/placeholder.js";
import type { NginxServer } from "./server.js";

/**
 * The URI part of a `proxy_pass` target (`/`, `/app/`), or null when it has
 * none or the target holds variables (nginx then sends the URI part as
 * written, in place of the request's, or what the variables give).
 * `http://unix:/run/app.sock:/app/` has `/app/`.
 */
export function proxyPassUri(b: Backend): string | null {
  if (b.kind !== "proxy") return null;
  let rest = b.arg.value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  if (rest.startsWith("unix:")) {
    const colon = rest.indexOf(":", 5);
    if (colon < 0) return null;
    rest = rest.slice(colon + 1);
  } else {
    const slash = rest.indexOf("/");
    if (slash < 0) return null;
    rest = rest.slice(slash);
  }
  if (!rest || b.arg.value.includes("$")) return null;
  return rest;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const isAddress = (host: string) => IPV4.test(host) || host.startsWith("[") || host.includes(":");

/**
 * The host name a pass target makes nginx resolve once, when it reads the
 * configuration: a name written in the directive (not an address, not
 * `localhost`, which /etc/hosts fixes, not an `upstream` group), or null.
 * A name without a port in a partial configuration may be an upstream
 * defined elsewhere: null then too.
 */
export function resolvedOnce(server: NginxServer, b: Backend): string | null {
  // A template expression in the host (`{{ app }}_app`) may render to an address or an upstream's name.
  if (b.variable || b.unix !== null || !b.host || isOpaque(b.host)) return null;
  if (isAddress(b.host) || b.host === "localhost") return null;
  if (server.upstreamOf(b)) return null;
  // Without a port the name may be an upstream group defined where the linter cannot see (nginx refuses a port on an upstream's name).
  const port = /^[^/]*:\d+(\/|$)/.test(b.arg.value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ""));
  if (!port && (!server.complete || server.main.unresolvedInclude || server.main.children.some((s) => s.kind === "http" && s.unresolvedInclude))) return null;
  return b.host;
}

/** The scheme and host part of a `proxy_pass` target (`$scheme://$host:8080` of `$scheme://$host:8080/x`), variables included. */
export function proxyPassAuthority(target: string): string {
  const m = /^([^/]*:\/\/)?([^/]*)/.exec(target) as RegExpExecArray;
  // $request_uri, $uri and $document_uri always start with '/', $is_args with '?': the host ends there.
  return m[0].replace(/(\$\{?(request_uri|uri|document_uri|is_args)\b\}?|\?).*$/, "");
}

/**
 * Whether every address of a backend is a `listen` of this same nginx (a
 * loopback or unix-socket address one of its servers listens on): the request
 * goes back into nginx, not to an application.
 */
export function backToThisNginx(server: NginxServer, b: Backend): boolean {
  const addrs = server.addressesOf(b);
  if (!addrs.length) return false;
  const own = ownListens(server);
  return addrs.every((a) => (a.unix !== null ? own.unix.has(a.unix) : a.host !== null && isLoopback(a.host) && own.loopbackPorts.has(a.port ?? 80)));
}

const listensOf = new WeakMap<NginxServer, { unix: Set<string>; loopbackPorts: Set<number> }>();

/** The unix sockets and the ports reachable on loopback this nginx listens on, once per server (asked per backend). */
function ownListens(server: NginxServer): { unix: Set<string>; loopbackPorts: Set<number> } {
  let hit = listensOf.get(server);
  if (hit) return hit;
  hit = { unix: new Set(), loopbackPorts: new Set() };
  for (const vs of server.servers)
    for (const { address: l } of vs.listens) {
      if (l.unix !== null) hit.unix.add(l.unix);
      else if (l.port !== null && (l.host === "*" || l.host === "[::]" || isLoopback(l.host))) hit.loopbackPorts.add(l.port);
    }
  listensOf.set(server, hit);
  return hit;
}
