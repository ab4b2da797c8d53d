/**
 * nginx addresses: `listen` arguments and the backends that proxy_pass,
 * uwsgi_pass, fastcgi_pass and upstream `server` name.
 */
import type { ArgNode } from "../../ast/types.js";
import { isOpaque } from "../../template/placeholder.js";
import { own } from "../../core/own.js";

/** A value nginx computes per request (`$var`) or a template fills in (`{{ var }}`): the linter cannot know it. */
export function hasVariables(v: string): boolean {
  return v.includes("$") || isOpaque(v);
}

export interface ListenAddress {
  /** `*` for all IPv4 addresses, `[::]` for all IPv6 ones, else the host as written (lower-cased). */
  host: string;
  port: number | null;
  /** `unix:/path` */
  unix: string | null;
  defaultServer: boolean;
  ssl: boolean;
  /** `127.0.0.1:80`, `*:80`, `[::]:443`: the key servers share an address by. */
  key: string;
}

/** `listen` arguments (ngx_http_core_listen / ngx_parse_url): `80`, `127.0.0.1`, `[::]:443`, `unix:/x`, then flags. */
export function parseListen(args: ArgNode[]): ListenAddress | null {
  const first = args[0]?.value;
  if (!first || hasVariables(first)) return null;
  const flags = args.slice(1).map((a) => a.value);
  const defaultServer = flags.includes("default_server") || flags.includes("default");
  const ssl = flags.includes("ssl") || flags.includes("quic");
  if (first.startsWith("unix:")) return { host: "unix", port: null, unix: first.slice(5), defaultServer, ssl, key: first };
  const hp = splitHostPort(first);
  if (!hp) return null;
  let { host, port } = hp;
  if (host === null) host = "*";
  if (host === "0.0.0.0") host = "*";
  if (port === null) port = 80;
  return { host, port, unix: null, defaultServer, ssl, key: `${host}:${port}` };
}

/** `host:port`, `port`, `host`, `[v6]:port`, `[v6]`; null when the port is not a number. */
export function splitHostPort(s: string): { host: string | null; port: number | null } | null {
  if (/^\d+$/.test(s)) return { host: null, port: Number(s) };
  if (s.startsWith("[")) {
    const close = s.indexOf("]");
    if (close < 0) return null;
    const host = s.slice(0, close + 1).toLowerCase();
    const rest = s.slice(close + 1);
    if (rest === "") return { host, port: null };
    if (!/^:\d+$/.test(rest)) return null;
    return { host, port: Number(rest.slice(1)) };
  }
  const colon = s.lastIndexOf(":");
  if (colon < 0) return { host: s.toLowerCase(), port: null };
  const port = s.slice(colon + 1);
  if (!/^\d+$/.test(port)) return null;
  return { host: s.slice(0, colon).toLowerCase() || null, port: Number(port) };
}

export type PassKind = "proxy" | "uwsgi" | "fastcgi" | "scgi" | "grpc";

export interface Backend {
  kind: PassKind;
  /** The argument as written. */
  arg: ArgNode;
  scheme: string | null;
  /** Host name or address (lower-cased), null for a unix socket or a variable target. */
  host: string | null;
  port: number | null;
  unix: string | null;
  /** The target contains variables: nginx resolves it per request. */
  variable: boolean;
}

const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443, grpc: 80, grpcs: 443 };

/** The target of `proxy_pass URL`, `uwsgi_pass [uwsgi://]addr`, `fastcgi_pass addr`, `scgi_pass addr`, `grpc_pass addr`. */
export function parseBackend(kind: PassKind, arg: ArgNode): Backend {
  let rest = arg.value;
  const out: Backend = { kind, arg, scheme: null, host: null, port: null, unix: null, variable: false };
  // `unix:///run/app.sock` (the uWSGI tutorial's upstream) is a socket path, not a `unix://` scheme.
  const scheme = rest.startsWith("unix:") ? null : /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (scheme) {
    out.scheme = scheme[1].toLowerCase();
    rest = rest.slice(scheme[0].length);
  }
  const hostPart = rest.startsWith("unix:") ? rest : rest.split("/")[0];
  // A host made of template expressions and words (`{{ app_name }}_app`) may name an upstream the template defines
  // the same way; the model reads it as unknown otherwise (NginxServer.addressesOf).
  if (isOpaque(hostPart) && !/[$:]/.test(hostPart)) {
    out.host = hostPart;
    return out;
  }
  // A unix socket is on this machine whatever path a template gives it.
  if (hasVariables(hostPart) && !(hostPart.startsWith("unix:") && !hostPart.includes("$"))) {
    out.variable = true;
    return out;
  }
  if (hostPart.startsWith("unix:")) {
    // proxy_pass http://unix:/tmp/x.sock:/uri; uwsgi_pass unix:/tmp/x.sock
    const p = hostPart.slice(5);
    out.unix = kind === "proxy" && p.includes(":") ? p.slice(0, p.indexOf(":")) : p;
    return out;
  }
  const hp = splitHostPort(hostPart);
  if (!hp || hp.host === null) return out;
  out.host = hp.host;
  out.port = hp.port ?? (kind === "proxy" || kind === "grpc" ? (own(DEFAULT_PORT, out.scheme ?? "http") ?? null) : null);
  return out;
}

/**
 * `127.0.0.1:{{ app_port }}` (the expression read as placeholder characters), with or without a scheme and a path:
 * the host, on a port a template decides; null for anything else.
 */
export function templatedPortHost(target: string): string | null {
  const hostPort = target.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").split("/")[0] as string;
  const m = /^(\[[^\]]+\]|[^/:$\ue000-\uf8ff]+):[\ue000-\uf8ff]+$/.exec(hostPort);
  return m ? (m[1] as string).toLowerCase() : null;
}

/**
 * A host of this machine or a private network: loopback, a private address, a bare (container) name, or a
 * Kubernetes service's cluster name (`web.shop.svc.cluster.local`, `web.shop.svc`).
 */
export function isLocalHost(host: string | null): boolean {
  return host !== null && (isLoopback(host) || isPrivateAddress(host) || !host.includes(".") || /\.svc(?:\.cluster\.local)?\.?$/.test(host));
}

/** Loopback (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "[::1]" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** RFC 1918 and unique-local addresses. */
export function isPrivateAddress(host: string): boolean {
  return /^10\.\d+\.\d+\.\d+$/.test(host) || /^192\.168\.\d+\.\d+$/.test(host) || /^172\.(1[6-9]|2\d|3[01])\.\d+\.\d+$/.test(host) || /^\[f[cd]/i.test(host);
}

/**
 * A `server_name` written with a port (`shop.example.com:8080`, which nginx -t accepts): nginx matches names against
 * the Host header without its port, so it matches no request.
 */
export function serverNameWithPort(name: string): boolean {
  return /^[^[~]*:\d*$/.test(name);
}
