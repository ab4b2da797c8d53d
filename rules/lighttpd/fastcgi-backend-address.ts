import { hostName } from "../../src/model/lighttpd/fastcgi.js";
import { isSocketPath } from "../../src/model/lighttpd/request.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "lighttpd",
  meta: {
    id: "lighttpd/fastcgi-backend-address",
    severity: "error",
    summary: 'A FastCGI host has neither "socket" nor "host" and "port", or has both a socket and a host',
    rationale:
      'A `fastcgi.server` host tells lighttpd where the Django FastCGI process listens: a Unix socket (`"socket" => "/home/user/mysite.sock"`, matching `manage.py runfcgi socket=...`) or a TCP address (`"host"` and `"port"`, matching `host=... port=...`). Without either, lighttpd refuses to start (or, with only a `bin-path`, spawns the process on 127.0.0.1:80, its own HTTP port); with a host but no port it connects to port 80 of that host, unless the host is a path (`"host" => "/run/mysite.sock"`), which lighttpd takes for a Unix socket; with both a socket and a host it refuses to start. Checked with lighttpd 1.4.69.',
    silentWhen: ["an option name of the host cannot be known (built from an environment variable)"],
    seeds: [
      { seed: "002", section: "FastCGI and lighttpd" },
      { seed: "003", section: "lighttpd setup" },
      { seed: "003", section: "Use host / port instead of socket for TCP fastcgi" },
    ],
    messages: {
      none: 'FastCGI host {{host}} for "{{mount}}" has neither "socket" nor "host" and "port": lighttpd does not know where the Django FastCGI process listens and refuses to start ("host or bin-path have to be set"); add the socket or the host and port it listens on',
      binPathOnly:
        'FastCGI host {{host}} for "{{mount}}" has "bin-path" but neither "socket" nor "host" and "port": lighttpd then spawns the process on 127.0.0.1:80, its own HTTP port; add a "socket" for the spawned process',
      noPort:
        'FastCGI host {{host}} for "{{mount}}" has "host" but no "port": lighttpd connects to port 80 of that host, not to the Django FastCGI process; add the "port" it listens on',
      both: 'FastCGI host {{host}} for "{{mount}}" sets both "socket" and "host": lighttpd refuses to start ("either host/port or socket have to be set"); keep only the address the Django process listens on',
    },
  },
  check({ server, report }) {
    for (const setting of server.settings("fastcgi.server")) {
      for (const mount of server.fastcgiMounts(setting)) {
        for (const host of mount.hosts) {
          if (host.entry.node.incomplete) continue;
          if (host.unknownOptions) continue; // a name the linter cannot know (a variable, a template placeholder)
          const socket = host.option("socket");
          const tcp = host.option("host");
          const port = host.option("port");
          const data = { host: hostName(host), mount: mount.mount };
          if (socket && tcp) report({ messageId: "both", data, at: tcp.node });
          else if (!socket && !tcp) report({ messageId: host.option("bin-path") ? "binPathOnly" : "none", data, at: host.entry.node });
          // A "host" that is a path is a unix socket, which has no port.
          else if (tcp && !port && !(tcp.value.type === "string" && isSocketPath(tcp.value.value))) report({ messageId: "noPort", data, at: tcp.node });
        }
      }
    }
  },
});
