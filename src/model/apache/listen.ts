/**
 * Apache's `Listen [address:]port [protocol]` (mpm_common): the addresses an
 * Apache server accepts connections on, for the checks that look at nginx in
 * front of Apache.
 */
import type { ApacheDirective } from "../../ast/apache.js";
import type { ArgNode } from "../../ast/types.js";
import { isOpaque } from "../../template/placeholder.js";
import type { ApacheEntry, ApacheServer } from "./server.js";

export interface ApacheListen {
  entry: ApacheEntry<ApacheDirective>;
  arg: ArgNode;
  /** The address as written (lower-cased, IPv6 in brackets), or null when Listen binds every interface. */
  host: string | null;
  port: number;
}

/** Every `Listen` that may be in effect, parsed; unparsable ones (variables) are left out. */
export function apacheListens(server: ApacheServer): ApacheListen[] {
  const out: ApacheListen[] = [];
  for (const entry of server.directives("Listen")) {
    const arg = entry.node.args[0];
    if (!arg || arg.value.includes("${") || isOpaque(arg.value)) continue;
    const parsed = parseApacheListen(arg.value);
    if (parsed) out.push({ entry, arg, ...parsed });
  }
  return out;
}

export function parseApacheListen(s: string): { host: string | null; port: number } | null {
  if (/^\d+$/.test(s)) return { host: null, port: Number(s) };
  let host: string;
  let port: string;
  if (s.startsWith("[")) {
    const close = s.indexOf("]");
    if (close < 0 || s[close + 1] !== ":") return null;
    host = s.slice(0, close + 1).toLowerCase();
    port = s.slice(close + 2);
  } else {
    const colon = s.lastIndexOf(":");
    if (colon <= 0) return null;
    host = s.slice(0, colon).toLowerCase();
    port = s.slice(colon + 1);
  }
  if (!/^\d+$/.test(port)) return null;
  const all = host === "*" || host === "0.0.0.0" || host === "[::]";
  return { host: all ? null : host, port: Number(port) };
}

/** Whether a connection to host:port reaches this Listen (`localhost` and 127.0.0.1 are the same machine). */
export function listenAccepts(l: { host: string | null; port: number }, host: string, port: number): boolean {
  if (l.port !== port) return false;
  if (l.host === null) return true;
  const norm = (h: string) => (h === "localhost" ? "127.0.0.1" : h === "[::1]" || h === "::1" ? "[::1]" : h);
  if (norm(l.host) === norm(host)) return true;
  // `localhost` may resolve to either loopback address.
  return host === "localhost" && (l.host === "[::1]" || l.host === "127.0.0.1");
}
