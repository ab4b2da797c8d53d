import type { NginxDirective } from "../../src/ast/nginx.js";
import type { NginxEntry, NginxServer } from "../../src/model/nginx/server.js";
import { defineRule } from "../../src/rule-api.js";

const DEFAULT_PORTS = new Set([80, 443]);

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/host-from-http-host",
    severity: "warning",
    summary: "proxy_set_header Host $http_host forwards the client's raw Host header",
    rationale:
      "`$http_host` is the Host header exactly as the client sent it: unchecked, with whatever port it wrote, and empty from an HTTP/1.0 client. nginx's `$host` is the host of the request line when it has one, else the Host header lower-cased and without its port, else the name of the `server` block that took the request. Behind nginx, Django builds password-reset links, redirects and CSRF origin checks from the Host it receives, so pass `$host`. The fix is unsafe: `$host` has no port, so on a server that listens on a port other than 80 or 443 Django would build URLs without it and reject CSRF-checked posts; there the fix writes `$host:$server_port` instead, which is right only when clients reach nginx on that same port (not behind a port mapping).",
    silentWhen: ["the value is built from more than `$http_host` alone (the rule cannot tell what is intended)"],
    seeds: [{ seed: "004", section: "Nginx" }],
    fix: {
      safety: "unsafe",
      title: "Use $host (with $server_port where the server listens on another port than 80 or 443)",
      why: "`$host` drops the port the client sent, and Django builds absolute URLs and checks `ALLOWED_HOSTS` with what it gets",
    },
    // Security: a forged Host reaches Django (password-reset and cache poisoning where ALLOWED_HOSTS lets it through).
    security: { cvss: "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N", cwe: [] },
    messages: {
      raw: "'proxy_set_header Host {{value}}' forwards the Host header as the client wrote it, unchecked; '$host' is the request line's host, else that header lower-cased without its port, else the server's name: use '$host'",
      port: "'proxy_set_header Host {{value}}' forwards the Host header as the client wrote it, unchecked; '$host' is the request line's host, else that header lower-cased without its port, else the server's name: use '$host:$server_port' to keep the port this server listens on ({{ports}})",
    },
  },
  check({ server, report }) {
    for (const e of server.directives("proxy_set_header")) {
      const [name, value] = e.node.args;
      if (e.node.incomplete || !name || !value || name.value.toLowerCase() !== "host") continue;
      if (value.value !== "$http_host" && value.value !== "${http_host}") continue;
      const ports = otherPorts(server, e);
      if (ports.length)
        report({
          messageId: "port",
          data: { value: value.value, ports: ports.join(", ") },
          at: value,
          fix: (f) => [f.replaceArg(value, "$host:$server_port")],
        });
      else report({ messageId: "raw", data: { value: value.value }, at: value, fix: (f) => [f.replaceArg(value, "$host")] });
    }
  },
});

/** The ports other than 80 and 443 that the server holding a directive listens on (none when it is outside any server). */
function otherPorts(server: NginxServer, e: NginxEntry<NginxDirective>): number[] {
  const scopes = new Set(server.chain(e.scope));
  const vs = server.servers.find((s) => scopes.has(s.scope));
  if (!vs) return [];
  const ports = vs.listens.map((l) => l.address.port).filter((p): p is number => p !== null && !DEFAULT_PORTS.has(p));
  return [...new Set(ports)].sort((a, b) => a - b);
}
