import type { Positioned } from "../../src/core/range.js";
import { backendsOf, mountActive, proxyMounts } from "../../src/model/apache/proxy.js";
import type { ApacheServer } from "../../src/model/apache/server.js";
import type { AppServer, Protocol } from "../../src/model/django/app-servers/types.js";
import type { LighttpdServer } from "../../src/model/lighttpd/server.js";
import type { DjangoProjectFacts } from "../../src/model/django/index.js";
import { listenersAt, pythonPlace, shownAppServerLine, shownListen } from "../../src/model/django/site-servers.js";
import { backendRef, type BackendRef } from "../../src/model/django/server-refs.js";
import { hostBackend } from "../../src/model/lighttpd/django-sites.js";
import type { NginxServer } from "../../src/model/nginx/server.js";
import { defineRule, Phrase, shown, type AnyServer } from "../../src/rule-api.js";

type Family = "http" | "uwsgi" | "fastcgi";
/** The protocol family each nginx pass directive speaks (HTTP and HTTPS are one here: a TLS mismatch is not this rule's). */
const SPOKEN: Record<string, Family> = { proxy: "http", uwsgi: "uwsgi", fastcgi: "fastcgi" };
/** mod_proxy's schemes (its protocol handlers: mod_proxy_http, mod_proxy_wstunnel, mod_proxy_uwsgi, mod_proxy_fcgi). */
const APACHE_SPOKEN: Record<string, Family> = { http: "http", https: "http", ws: "http", wss: "http", uwsgi: "uwsgi", fcgi: "fastcgi" };
const family = (p: Protocol): Family => (p === "https" ? "http" : p);
const NAMES = { http: "HTTP", uwsgi: "the uwsgi protocol", fastcgi: "FastCGI" };
/** What to write instead, by server and by what the app server speaks. */
const USE: Record<"nginx" | "apache" | "lighttpd", Record<Family, string>> = {
  nginx: { http: "proxy_pass http://", uwsgi: "uwsgi_pass", fastcgi: "fastcgi_pass" },
  apache: { http: "an http:// URL", uwsgi: "a uwsgi:// URL (mod_proxy_uwsgi)", fastcgi: "an fcgi:// URL (mod_proxy_fcgi)" },
  lighttpd: { http: "proxy.server", uwsgi: 'scgi.server with scgi.protocol = "uwsgi"', fastcgi: "fastcgi.server" },
};
/** What the client gets (checked on loopback: nginx 1.22 502, Apache 2.4 and lighttpd 1.4.69 500). */
const FAILS = { nginx: "502 Bad Gateway", apache: "500 Internal Server Error", lighttpd: "500 Internal Server Error" };

/** A place where a web server passes requests to a local address, speaking one protocol. */
interface Pass {
  dialect: "nginx" | "apache" | "lighttpd";
  /** The directive or option, as the message names it. */
  directive: string;
  spoken: Family;
  /** Where the finding points. */
  at: Positioned;
  /** The addresses it reaches, each with the argument or entry that names it. */
  addresses: Address[];
  /** Its own argument naming the backend: an address named elsewhere (an upstream's `server`) is a related place. */
  named: Positioned;
}

interface Address {
  ref: BackendRef;
  shown: string;
  via: Positioned;
}

export default defineRule({
  dialect: "django",
  meta: {
    id: "django/backend-protocol-mismatch",
    severity: "error",
    summary:
      "The web server speaks one protocol to an address where the application server speaks another (uwsgi_pass to HTTP, proxy_pass to a uWSGI socket; Apache's uwsgi:// to gunicorn; lighttpd's proxy.server to a uWSGI socket)",
    rationale:
      "nginx's `uwsgi_pass` speaks the binary uwsgi protocol, `proxy_pass http://` speaks HTTP and `fastcgi_pass` FastCGI; the application server behind the address speaks exactly one of them there. gunicorn, uvicorn, daphne, hypercorn and granian speak HTTP; uWSGI speaks uwsgi on `socket =`/`uwsgi-socket =` and HTTP on `http =`/`http-socket =` (or on `socket =` with `protocol = http`), and FastCGI on `fastcgi-socket =`. When the two sides disagree, for instance `uwsgi_pass 127.0.0.1:8000` to gunicorn, or `proxy_pass http://unix:/run/uwsgi/app.sock` to a uWSGI `socket`, every request fails with 502 Bad Gateway, and the logs say \"invalid request block size\" or \"upstream prematurely closed connection\". The rule compares the pass directive with the app-server configuration of the same run that listens on its address.\n\nApache and lighttpd have the same choice: mod_proxy speaks the protocol of the URL's scheme (`http://` and `ws://` HTTP, `uwsgi://` uwsgi through mod_proxy_uwsgi, `fcgi://` FastCGI through mod_proxy_fcgi; `unix:/run/app.sock|uwsgi://localhost/` over a socket), lighttpd speaks HTTP from `proxy.server`, FastCGI from `fastcgi.server`, and from `scgi.server` SCGI, or uwsgi under `scgi.protocol = \"uwsgi\"`. Both answer 500 Internal Server Error to every request when the app server speaks another (checked with Apache 2.4 and lighttpd 1.4.69 against uWSGI and gunicorn).\n\nThe finding is written at the pass directive (Apache's `ProxyPass`, `RewriteRule [P]` or `SetHandler`; lighttpd's host entry of `proxy.server`, `fastcgi.server` or `scgi.server`) and names the app server's listen line, which it also carries as a related location.\n\n### Django's side\n\n`check --deploy` has no check for this: neither the proxy nor the app server is Django's.",
    silentWhen: [
      "no application-server configuration of the run listens on the address (lint the uWSGI ini, gunicorn configuration or systemd unit with the nginx configuration)",
      "the app server's address is uncertain (an `if-env` block, a variable, a file descriptor from a supervisor)",
      "the address is reached through a variable, or several app servers listen there and one of them speaks nginx's protocol",
      "HTTP and HTTPS are taken as one protocol (a TLS mismatch is not reported)",
      'lighttpd\'s `scgi.server` without `scgi.protocol = "uwsgi"` (SCGI, which the app servers read here do not speak), and a FastCGI program lighttpd spawns itself (`bin-path`)',
    ],
    seeds: [],
    references: [
      {
        title: "uWSGI: Setting up Django and your web server with uWSGI and nginx",
        url: "https://uwsgi-docs.readthedocs.io/en/latest/tutorials/Django_and_nginx.html",
      },
      { title: "uWSGI: Native HTTP support", url: "https://uwsgi-docs.readthedocs.io/en/latest/HTTP.html" },
      { title: "nginx: ngx_http_uwsgi_module", url: "https://nginx.org/en/docs/http/ngx_http_uwsgi_module.html" },
      { title: "Apache HTTP Server 2.4: mod_proxy_uwsgi", url: "https://httpd.apache.org/docs/2.4/mod/mod_proxy_uwsgi.html" },
      { title: "lighttpd: mod_scgi (scgi.protocol)", url: "https://redmine.lighttpd.net/projects/lighttpd/wiki/Mod_scgi" },
    ],
    messages: {
      mismatch:
        "{{directive}} speaks {{spoken}} to {{address}}, but {{kind}} listens there speaking {{heard}} ({{where}}): every request gets {{fails}}; use {{use}} here, or make the app server speak {{spoken}}",
    },
    djangoCheck: {
      id: null,
      note: "Django's checks run inside the application and never see the protocol the app server speaks or the one the proxy uses; a mismatch shows up only as 502s in production.",
    },
  },
  check({ run, fs, report }) {
    const appServers = run.django.appServers ?? [];
    if (!appServers.length) return;
    for (const server of run.servers as AnyServer[]) {
      const passes = server.dialect === "nginx" ? nginxPasses(server) : server.dialect === "apache" ? apachePasses(server) : lighttpdPasses(server);
      for (const pass of passes) {
        const hit = mismatchOf(pass, appServers);
        if (!hit) continue;
        const project = run.django.projects.find((p) => p.appServers.includes(hit.server)) ?? null;
        const where = shownAppServerLine(fs, project as DjangoProjectFacts | null, hit.listen.at);
        const heard = family(hit.listen.protocol);
        report({
          messageId: "mismatch",
          data: {
            directive: new Phrase(shown(pass.directive)),
            spoken: new Phrase(NAMES[pass.spoken]),
            address: hit.shown,
            kind: new Phrase(hit.server.kind),
            heard: new Phrase(NAMES[heard]),
            where: new Phrase(where),
            fails: new Phrase(FAILS[pass.dialect]),
            use: new Phrase(shown(USE[pass.dialect][heard])),
          },
          at: pass.at,
          related: [
            { at: pythonPlace(fs, hit.listen.at), message: `${hit.server.kind} listens on ${shownListen(hit.listen)} speaking ${NAMES[heard]} (${where})` },
            ...(hit.via !== pass.named
              ? [
                  {
                    at: hit.via,
                    message: pass.dialect === "apache" ? "the BalancerMember that names the address" : "the upstream server that names the address",
                  },
                ]
              : []),
          ],
        });
      }
    }
  },
});

type Listener = ReturnType<typeof listenersAt>[number];

/** `unix:/run/app.sock` or `127.0.0.1:8000`, as the message names the address. */
const shownRef = (ref: BackendRef): string => (ref.socket !== null ? `unix:${ref.socket}` : (ref.address ?? ""));

/** The first address of a pass where every app server listening speaks another protocol than the web server. */
function mismatchOf(pass: Pass, appServers: AppServer[]): (Listener & { via: Positioned; shown: string }) | null {
  for (const a of pass.addresses) {
    const listeners: Listener[] = listenersAt(appServers, a.ref);
    if (!listeners.length || listeners.some((l) => l.listen.uncertain !== undefined || family(l.listen.protocol) === pass.spoken)) continue;
    return { ...listeners[0], via: a.via, shown: a.shown };
  }
  return null;
}

/** nginx: each location's proxy_pass, uwsgi_pass or fastcgi_pass, through its upstream's servers. */
function nginxPasses(server: NginxServer): Pass[] {
  const out: Pass[] = [];
  for (const loc of server.locations) {
    const h = loc.handler;
    if (!("backend" in h) || h.entry.node.incomplete) continue;
    const spoken = SPOKEN[h.kind];
    if (!spoken) continue;
    const addresses = server
      .addressesOf(h.backend)
      .filter((a) => a.unix !== null || (a.host !== null && a.port !== null))
      .map((a): Address => {
        const ref = backendRef(a.host, a.port, a.unix);
        return { ref, shown: shownRef(ref), via: a.arg };
      });
    out.push({ dialect: "nginx", directive: h.entry.node.name, spoken, at: h.entry.node, addresses, named: h.backend.arg });
  }
  return out;
}

/** Apache: every proxy mount in effect (ProxyPass, RewriteRule [P], SetHandler proxy:), through a balancer's members. */
function apachePasses(server: ApacheServer): Pass[] {
  const out: Pass[] = [];
  for (const m of proxyMounts(server)) {
    // A balancer's members are reached through the ProxyPass that names the balancer (reported there, the member related).
    if (m.via === "BalancerMember" || m.exclusion || !m.target || m.target.variable || mountActive(server, m) === "no") continue;
    for (const t of backendsOf(server, m.target)) {
      const spoken = t.scheme === null ? undefined : APACHE_SPOKEN[t.scheme];
      if (!spoken || t.variable) continue;
      if (t.unix === null && t.host === null) continue;
      const ref = backendRef(t.host, t.port, t.unix);
      out.push({
        dialect: "apache",
        directive: m.entry.node.name,
        spoken,
        at: m.entry.node,
        addresses: [{ ref, shown: shownRef(ref), via: t.arg }],
        named: m.target.arg,
      });
    }
  }
  return out;
}

/** lighttpd: each host entry of proxy.server, fastcgi.server and scgi.server (uwsgi under `scgi.protocol = "uwsgi"`). */
function lighttpdPasses(server: LighttpdServer): Pass[] {
  const out: Pass[] = [];
  for (const key of ["proxy.server", "fastcgi.server", "scgi.server"]) {
    for (const setting of server.settings(key)) {
      let spoken: Family | null = key === "proxy.server" ? "http" : key === "fastcgi.server" ? "fastcgi" : null;
      if (key === "scgi.server") {
        const protocol = server.settingInEffect("scgi.protocol", setting.context)?.value;
        spoken = protocol?.type === "string" && protocol.value === "uwsgi" ? "uwsgi" : null;
      }
      if (!spoken) continue;
      for (const m of server.fastcgiMounts(setting))
        for (const h of m.hosts) {
          if (h.option("bin-path") || h.unknownOptions) continue;
          const ref = hostBackend(h);
          if (!ref) continue;
          out.push({
            dialect: "lighttpd",
            directive: key,
            spoken,
            at: h.entry.node,
            addresses: [{ ref, shown: shownRef(ref), via: h.entry.node }],
            named: h.entry.node,
          });
        }
    }
  }
  return out;
}
