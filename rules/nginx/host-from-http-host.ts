import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/host-from-http-host",
    severity: "warning",
    summary: "proxy_set_header Host $http_host forwards the client's raw Host header",
    rationale:
      "`$http_host` is the Host header exactly as the client sent it: empty for HTTP/1.0 clients, with any port, and whatever an attacker writes. nginx has already matched the request to a `server_name`; `$host` is that checked, lower-cased name (or the server's name when the client sent none). Behind nginx, Django builds password-reset links and redirects from the Host it receives, so pass `$host`.",
    silentWhen: ["the value is built from more than `$http_host` alone (the rule cannot tell what is intended)"],
    seeds: [{ seed: "004", section: "Nginx" }],
    fix: {
      safety: "unsafe",
      title: "Use $host",
      why: "`$host` drops the port the client sent, and Django builds absolute URLs and checks `ALLOWED_HOSTS` with what it gets",
    },
    // Security: a forged Host reaches Django (password-reset and cache poisoning where ALLOWED_HOSTS lets it through).
    security: { cvss: "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N", cwe: [] },
    messages: {
      raw: "'proxy_set_header Host {{value}}' forwards the client's unchecked Host header to the backend; use '$host', the name nginx matched",
    },
  },
  check({ server, report }) {
    for (const e of server.directives("proxy_set_header")) {
      const [name, value] = e.node.args;
      if (e.node.incomplete || !name || !value || name.value.toLowerCase() !== "host") continue;
      if (value.value !== "$http_host" && value.value !== "${http_host}") continue;
      report({ messageId: "raw", data: { value: value.value }, at: value, fix: (f) => [f.replaceArg(value, "$host")] });
    }
  },
});
