import type { ApacheServer } from "../../src/model/apache/server.js";
import { mountActive, proxyMounts, schemeModule, type ProxyMount } from "../../src/model/apache/proxy.js";
import { apacheVersionAtLeast, apacheVersionLabel } from "../../src/model/apache/version.js";
import { defineRule } from "../../src/rule-api.js";

/** Since httpd 2.4.47 mod_proxy_http also speaks ws:// and wss:// (it upgrades the connection itself). */
const HTTP_UPGRADES_WEBSOCKETS = "2.4.47";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/proxy-scheme-module-missing",
    severity: "error",
    summary: "A proxy target's scheme has no protocol module loaded (mod_proxy_http, mod_proxy_uwsgi, mod_proxy_fcgi...)",
    rationale:
      'mod_proxy only dispatches: each scheme is spoken by its own module (`http://` by mod_proxy_http, `uwsgi://` by mod_proxy_uwsgi, `fcgi://` by mod_proxy_fcgi, `ws://` by mod_proxy_wstunnel or, since httpd 2.4.47, mod_proxy_http). `apache2 -t` accepts a `ProxyPass` whose module is not loaded, and the server starts; then every request to that path answers 500 ("No protocol handler was valid for the URL"). A `SetHandler "proxy:fcgi://..."` without its module is worse: nothing claims the handler, so Apache sends the file itself, PHP source included. Enable the module (`a2enmod proxy_uwsgi`).',
    silentWhen: [
      "the module set is unknown (a lone virtual-host file or `.htaccess` with no `LoadModule`)",
      "the directive or the module's `LoadModule` sits under a condition the linter cannot decide",
      "an Include at server level or in the virtual host cannot be read (one at server level may load the module)",
      "`ws://` with mod_proxy_http loaded, unless the target version (`--apache-version`, e.g. 2.4.46) is older than 2.4.47",
      "a `RewriteRule [P]` to a scheme mod_rewrite does not take as a URL (`uwsgi://`): that never proxies, whatever is loaded",
    ],
    seeds: [{ seed: "004", section: "Apache" }],
    references: [
      { title: "Apache HTTP Server 2.4: mod_proxy (protocol modules)", url: "https://httpd.apache.org/docs/2.4/mod/mod_proxy.html" },
      {
        title: "Apache HTTP Server 2.4: mod_proxy_wstunnel (since 2.4.47 mod_proxy_http handles the upgrade)",
        url: "https://httpd.apache.org/docs/2.4/mod/mod_proxy_wstunnel.html",
      },
    ],
    messages: {
      missing:
        "{{via}} sends requests to {{scheme}}:// but {{module}} is not loaded: apache2 -t accepts this, yet every request here answers 500 (No protocol handler was valid); enable {{module}}",
      missingWs:
        "{{via}} sends requests to {{scheme}}:// but neither mod_proxy_wstunnel nor mod_proxy_http is loaded: every request here answers 500 (No protocol handler was valid); enable mod_proxy_http (httpd 2.4.47 and later) or mod_proxy_wstunnel",
      missingWsOld:
        "{{via}} sends requests to {{scheme}}:// but mod_proxy_wstunnel is not loaded, and mod_proxy_http takes websockets only from httpd 2.4.47 (the target is {{version}}): every request here answers 500 (No protocol handler was valid); enable mod_proxy_wstunnel",
      handler:
        "SetHandler sends files to {{scheme}}:// but {{module}} is not loaded: nothing claims the handler and Apache sends the file itself (a PHP file's source) instead; enable {{module}}",
      member: "BalancerMember {{scheme}}:// needs {{module}}, which is not loaded: the balancer cannot use this member and answers 503; enable {{module}}",
      noProxy: "{{via}} proxies, but mod_proxy is not loaded: {{consequence}}; enable mod_proxy and {{module}}",
    },
    absence: ["missing", "missingWs", "missingWsOld", "handler", "member", "noProxy"],
  },
  check({ server, report }) {
    if (!server.modulesKnown) return;
    const modern = apacheVersionAtLeast(server, HTTP_UPGRADES_WEBSOCKETS);
    for (const m of proxyMounts(server)) {
      const t = m.target;
      const module = t ? schemeModule(t) : null;
      if (!t || !module || m.entry.active !== "yes" || mountActive(server, m) !== "yes") continue;
      const data = { via: m.via, scheme: t.scheme as string, module: `mod_${module}` };
      if ((m.via === "RewriteRule" || m.via === "SetHandler") && server.hasModule("proxy") === "no") {
        const consequence =
          m.via === "RewriteRule" ? "mod_rewrite refuses to proxy and answers 403" : "nothing claims the handler and Apache sends the file itself";
        report({ messageId: "noProxy", data: { ...data, consequence }, at: t.arg });
        continue;
      }
      const missing = missingModule(server, m, module, modern);
      if (!missing) continue;
      report({ messageId: missing, data: { ...data, version: apacheVersionLabel(server) }, at: t.arg });
    }
  },
});

/** The message for a mount whose protocol module is surely not loaded, or null. */
function missingModule(server: ApacheServer, m: ProxyMount, module: string, modern: boolean): string | null {
  if (server.hasModule(module) !== "no") return null;
  if (module === "proxy_wstunnel") {
    // mod_proxy_http takes ws:// itself from 2.4.47 on.
    if (modern && server.hasModule("proxy_http") !== "no") return null;
    return modern ? "missingWs" : "missingWsOld";
  }
  return m.via === "SetHandler" ? "handler" : m.via === "BalancerMember" ? "member" : "missing";
}
