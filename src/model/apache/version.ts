/**
 * The httpd version a configuration targets: `--apache-version` (or
 * `apacheVersion`) gives `2.4`, `2.2` or a release such as `2.4.46`. A part
 * that is not given means the current release of that line (the default is a
 * current 2.4), so a check that only a newer release passes is assumed passed:
 * a rule never reports what only an older release would get wrong unless the
 * configuration says it targets that release.
 */
import type { ApacheServer } from "./server.js";

/** `2.4`, `2.2` or `2.4.46` (major.minor[.patch]). */
export const APACHE_VERSION = /^2\.[0-9]+(\.[0-9]+)?$/;

/** Whether the target is at least `want` (`2.4.47`); parts the target leaves out count as current. */
export function apacheVersionAtLeast(server: ApacheServer, want: string): boolean {
  const have = (server.options.apacheVersion ?? "2.4").split(".").map((x) => Number.parseInt(x, 10));
  const need = want.split(".").map((x) => Number.parseInt(x, 10));
  for (let i = 0; i < need.length; i++) {
    if (have[i] === undefined || Number.isNaN(have[i])) return true;
    if (have[i] !== need[i]) return have[i] > need[i];
  }
  return true;
}

/** The target as the user wrote it, for messages (`2.4` when none is given). */
export const apacheVersionLabel = (server: ApacheServer): string => server.options.apacheVersion ?? "2.4";
