/**
 * The nginx version a configuration targets, for the answers that depend on
 * it: the configuration file's `nginxVersion` or `--nginx-version`, else a
 * current stable nginx. Versions are compared by their numbers, so `1.29.3`
 * is newer than `1.29` (read as 1.29.0) and older than `1.30`.
 */
import type { NginxServer } from "./server.js";

/** The stable branch current when this was written: 1.30.0 was released on 2026-04-14 (the `release-1.30.0` tag). */
export const DEFAULT_NGINX_VERSION = "1.30";

/** What `nginxVersion` / `--nginx-version` accept. */
export const NGINX_VERSION = /^\d+\.\d+(\.\d+)?$/;

/** The release that brought a feature the rules ask about (nginx CHANGES, and the commit that added it). */
export const NGINX_FEATURES = {
  /** `add_header_inherit on|off|merge` (ngx_http_headers_filter_module, 1.29.3). */
  addHeaderInherit: "1.29.3",
  /** `server name resolve;` in an `upstream` re-resolves the name (open source from 1.27.3; commercial before). */
  upstreamResolve: "1.27.3",
} as const;

function parts(v: string): number[] {
  const p = v.split(".").map(Number);
  while (p.length < 3) p.push(0);
  return p;
}

/** Whether version `v` is `min` or newer. */
export function versionAtLeast(v: string, min: string): boolean {
  const a = parts(v);
  const b = parts(min);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** The version the server's configuration targets (the run's option, else the default). */
export function nginxVersion(server: NginxServer): string {
  const v = server.options.nginxVersion;
  return v && NGINX_VERSION.test(v) ? v : DEFAULT_NGINX_VERSION;
}

/** Whether the targeted nginx has a feature. */
export function nginxHas(server: NginxServer, feature: keyof typeof NGINX_FEATURES): boolean {
  return versionAtLeast(nginxVersion(server), NGINX_FEATURES[feature]);
}
