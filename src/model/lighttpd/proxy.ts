/**
 * lighttpd's mod_proxy: the `proxy.server` mounts of each context (`"/app/"
 * => ( ( "host" => ..., "port" => ... ) )`, an extension such as `".php"`,
 * or `""` for every request the context gets), the `proxy.header` options in
 * effect for them, and what mod_proxy sends on its own.
 *
 * Checked on lighttpd 1.4.69 (Debian 12) on loopback: without any
 * `proxy.header`/`proxy.forwarded` setting, mod_proxy sends `X-Forwarded-For`
 * (the client address), `X-Forwarded-Proto` (the scheme of the client's
 * connection, replacing a value the client sent), `X-Host` and
 * `X-Forwarded-Host`; it drops the client's `Upgrade` header (no websocket
 * handshake reaches the backend) unless `proxy.header = ( "upgrade" =>
 * "enable" )` is in effect.
 */
import { isSocketPath, urlTest } from "./request.js";
import { entryOf, stringOf, type Value, type ValueEntry } from "./values.js";
import type { LighttpdContext, LighttpdServer, Setting } from "./server.js";

/** Headers mod_proxy adds to every proxied request by default (1.4.69). */
export const MOD_PROXY_DEFAULT_HEADERS = ["X-Forwarded-For", "X-Forwarded-Proto", "X-Host", "X-Forwarded-Host"];

export interface ProxyBackend {
  entry: ValueEntry;
  host: string | null;
  port: number | null;
  /** `unix:` socket path. */
  socket: string | null;
}

export interface LighttpdProxyMount {
  /** `/app/` (a URL prefix), `.php` (an extension) or `""` (every request of the context). */
  key: string;
  entry: ValueEntry;
  backends: ProxyBackend[];
  setting: Setting;
  context: LighttpdContext;
}

/** The mounts of every `proxy.server` setting, in context order. */
export function proxyMounts(server: LighttpdServer): LighttpdProxyMount[] {
  const out: LighttpdProxyMount[] = [];
  for (const setting of server.settings("proxy.server")) {
    if (setting.value.type !== "array") continue;
    for (const m of setting.value.entries) {
      if (m.key === null || m.value.type !== "array" || m.node.incomplete) continue;
      out.push({ key: m.key, entry: m, backends: backendsOf(m.value), setting, context: setting.context });
    }
  }
  return out;
}

function backendsOf(v: Extract<Value, { type: "array" }>): ProxyBackend[] {
  const out: ProxyBackend[] = [];
  for (const h of v.entries) {
    if (h.value.type !== "array") continue;
    const host = stringOf(entryOf(h.value, "host")?.value);
    const port = entryOf(h.value, "port")?.value;
    out.push({
      entry: h,
      host: host && !isSocketPath(host) ? host : null,
      socket: stringOf(entryOf(h.value, "socket")?.value) ?? (host && isSocketPath(host) ? host : null),
      port: port?.type === "integer" ? port.value : port?.type === "string" && /^\d+$/.test(port.value) ? Number(port.value) : null,
    });
  }
  return out;
}

export interface ProxyHeaderOption {
  /** The `proxy.header` setting in effect for the context, if any. */
  setting: Setting | undefined;
  /** The value of one of its keys (`upgrade` -> `enable`), undefined when unset, null when not a plain string. */
  value: string | null | undefined;
}

/** A key of `proxy.header` in effect in a context (`upgrade`, `map-host-request`, `https-remap`...). */
export function proxyHeaderOption(server: LighttpdServer, ctx: LighttpdContext, key: string): ProxyHeaderOption {
  const setting = server.settingInEffect("proxy.header", ctx);
  if (!setting) return { setting, value: undefined };
  if (setting.value.type !== "array") return { setting, value: null };
  const e = entryOf(setting.value, key);
  return { setting, value: e ? stringOf(e.value) : setting.value.entries.some((x) => x.key === null) ? null : undefined };
}

/** Whether the client's `Upgrade` (websocket handshake) is passed to the backend in a context: `unknown` when proxy.header cannot be read. */
export function upgradeEnabled(server: LighttpdServer, ctx: LighttpdContext): "yes" | "no" | "unknown" {
  const o = proxyHeaderOption(server, ctx, "upgrade");
  if (o.value === undefined) return "no";
  if (o.value === null) return "unknown";
  return /^(enable|1|true|on)$/i.test(o.value) ? "yes" : "no";
}

/** URLs a websocket endpoint answers on (Channels' `/ws/`, Socket.IO, Action Cable-style `/cable`). */
const WEBSOCKET_SAMPLES = ["/ws/", "/ws/chat/", "/websocket", "/websocket/", "/socket.io/", "/cable"];
/** URLs of an ordinary site: a test that lets these through is not about websockets. */
const SITE_SAMPLES = ["/", "/admin/", "/static/app.css", "/accounts/login/"];
const WEBSOCKET_PREFIX = /^\/(ws|websockets?|socket\.io|cable)(\/|$)/i;

/**
 * Whether a mount serves a websocket path: its key is one (`"/ws/" => ...`),
 * or a `$HTTP["url"]` test of its context (or an enclosing one) lets
 * websocket URLs through and ordinary pages not.
 */
export function servesWebsocketPath(m: LighttpdProxyMount): boolean {
  if (m.key.startsWith("/")) return WEBSOCKET_PREFIX.test(m.key);
  for (let c: LighttpdContext | null = m.context; c; c = c.parent) {
    for (const b of c.blocks) {
      const t = b.test;
      if (!t || t.variable !== "HTTP" || t.field?.kind !== "arg" || t.field.value !== "url") continue;
      const ws = WEBSOCKET_SAMPLES.filter((u) => urlTest(t, u) === "yes").length;
      const site = SITE_SAMPLES.filter((u) => urlTest(t, u) !== "no").length;
      if (ws > 0 && site === 0) return true;
    }
  }
  return false;
}

/** The assignment that wrote a mount's `proxy.server` entry (where a line for the same context goes). */
export function mountAssignment(m: LighttpdProxyMount) {
  const at = m.entry.node;
  return m.setting.assignments.find((a) => a.file === at.file && a.range.start <= at.range.start && at.range.end <= a.range.end) ?? null;
}
