/**
 * A value computed once per virtual host of a server (null: the main server) and kept as long as the server is:
 * the questions a site asks of its host (its Aliases by prefix, its mounts, its script names), which a host running
 * hundreds of applications is asked once per project.
 */
import type { ApacheSection } from "../../ast/apache.js";
import type { ApacheServer } from "./server.js";

export function perHost<T>(): (server: ApacheServer, vhost: ApacheSection | null, compute: () => T) => T {
  const cache = new WeakMap<ApacheServer, Map<ApacheSection | null, T>>();
  return (server, vhost, compute) => {
    let hosts = cache.get(server);
    if (!hosts) cache.set(server, (hosts = new Map()));
    if (hosts.has(vhost)) return hosts.get(vhost) as T;
    const value = compute();
    hosts.set(vhost, value);
    return value;
  };
}
