/**
 * The file system as a machine without the web servers has it: the
 * directories Debian's apache2, nginx and lighttpd packages install
 * (`/etc/nginx/mime.types`, `/var/www/html`) read as absent. What the rule
 * docs and the README show, and what the corpus record holds, then does not
 * depend on whether the machine that made them had the servers installed
 * (CI installs them as oracles; a user's machine or a fresh clone's may not).
 * A path the run maps elsewhere (`--map /etc/nginx=...`) is read where it is mapped.
 */
import path from "node:path";
import type { FsFacade } from "../src/load/fs-facade.js";

export const SERVER_DIRS = ["/etc/nginx", "/etc/apache2", "/etc/lighttpd", "/var/www", "/usr/share/nginx", "/usr/share/apache2", "/usr/share/lighttpd"];

const ABSENT = { error: "ENOENT: no such file or directory" };

export function withoutServerDirs(base: FsFacade): FsFacade {
  const hidden = (serverPath: string) => {
    const p = base.local(serverPath);
    return SERVER_DIRS.some((d) => p === d || p.startsWith(d + path.sep));
  };
  return {
    local: (p) => base.local(p),
    kind: (p) => (hidden(p) ? null : base.kind(p)),
    list: (p) => (hidden(p) ? null : base.list(p)),
    read: (p) => (hidden(p) ? ABSENT : base.read(p)),
    identity: (p) => (hidden(p) ? null : (base.identity?.(p) ?? null)),
    ...(base.serverPath ? { serverPath: (p: string) => (base.serverPath as (l: string) => string)(p) } : {}),
    ...(base.danglingLink ? { danglingLink: (p: string) => (hidden(p) ? null : (base.danglingLink as (s: string) => string | null)(p)) } : {}),
  };
}
