import type { Protocol } from "../../src/model/django/app-servers/types.js";
import type { DjangoProjectFacts } from "../../src/model/django/index.js";
import { listenersAt, pythonPlace, shownAppServerLine, shownListen } from "../../src/model/django/site-servers.js";
import type { BackendRef } from "../../src/model/django/server-refs.js";
import type { NginxServer } from "../../src/model/nginx/server.js";
import { defineRule, Phrase, shown, type AnyServer } from "../../src/rule-api.js";

/** The protocol family each nginx pass directive speaks (HTTP and HTTPS are one here: a TLS mismatch is not this rule's). */
const SPOKEN: Record<string, "http" | "uwsgi" | "fastcgi"> = { proxy: "http", uwsgi: "uwsgi", fastcgi: "fastcgi" };
const family = (p: Protocol): "http" | "uwsgi" | "fastcgi" => (p === "https" ? "http" : p);
const NAMES = { http: "HTTP", uwsgi: "the uwsgi protocol", fastcgi: "FastCGI" };
/** What to write instead, by what the app server speaks. */
const USE = { http: "proxy_pass http://", uwsgi: "uwsgi_pass", fastcgi: "fastcgi_pass" };

export default defineRule({
  dialect: "django",
  meta: {
    id: "django/backend-protocol-mismatch",
    severity: "error",
    summary: "nginx speaks one protocol to an address where the application server speaks another (uwsgi_pass to HTTP, proxy_pass to a uWSGI socket)",
    rationale:
      "nginx's `uwsgi_pass` speaks the binary uwsgi protocol, `proxy_pass http://` speaks HTTP and `fastcgi_pass` FastCGI; the application server behind the address speaks exactly one of them there. gunicorn, uvicorn, daphne, hypercorn and granian speak HTTP; uWSGI speaks uwsgi on `socket =`/`uwsgi-socket =` and HTTP on `http =`/`http-socket =` (or on `socket =` with `protocol = http`), and FastCGI on `fastcgi-socket =`. When the two sides disagree, for instance `uwsgi_pass 127.0.0.1:8000` to gunicorn, or `proxy_pass http://unix:/run/uwsgi/app.sock` to a uWSGI `socket`, every request fails with 502 Bad Gateway, and the logs say \"invalid request block size\" or \"upstream prematurely closed connection\". The rule compares the pass directive with the app-server configuration of the same run that listens on its address.\n\nThe finding is written at the pass directive and names the app server's listen line, which it also carries as a related location.\n\n### Django's side\n\n`check --deploy` has no check for this: neither the proxy nor the app server is Django's.",
    silentWhen: [
      "no application-server configuration of the run listens on the address (lint the uWSGI ini, gunicorn configuration or systemd unit with the nginx configuration)",
      "the app server's address is uncertain (an `if-env` block, a variable, a file descriptor from a supervisor)",
      "the address is reached through a variable, or several app servers listen there and one of them speaks nginx's protocol",
      "HTTP and HTTPS are taken as one protocol (a TLS mismatch is not reported)",
    ],
    seeds: [],
    references: [
      {
        title: "uWSGI: Setting up Django and your web server with uWSGI and nginx",
        url: "https://uwsgi-docs.readthedocs.io/en/latest/tutorials/Django_and_nginx.html",
      },
      { title: "uWSGI: Native HTTP support", url: "https://uwsgi-docs.readthedocs.io/en/latest/HTTP.html" },
      { title: "nginx: ngx_http_uwsgi_module", url: "https://nginx.org/en/docs/http/ngx_http_uwsgi_module.html" },
    ],
    messages: {
      mismatch:
        "{{directive}} speaks {{spoken}} to {{address}}, but {{kind}} listens there speaking {{heard}} ({{where}}): every request gets 502 Bad Gateway; use {{use}} here, or make the app server speak {{spoken}}",
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
      if (server.dialect !== "nginx") continue;
      for (const loc of server.locations) {
        const h = loc.handler;
        if (!("backend" in h) || h.entry.node.incomplete) continue;
        const spoken = SPOKEN[h.kind];
        if (!spoken) continue;
        const hit = mismatchOf(server, h.backend, spoken, appServers);
        if (!hit) continue;
        const project = run.django.projects.find((p) => p.appServers.includes(hit.server)) ?? null;
        const where = shownAppServerLine(fs, project as DjangoProjectFacts | null, hit.listen.at);
        report({
          messageId: "mismatch",
          data: {
            directive: new Phrase(shown(h.entry.node.name)),
            spoken: new Phrase(NAMES[spoken]),
            address: hit.address,
            kind: new Phrase(hit.server.kind),
            heard: new Phrase(NAMES[family(hit.listen.protocol)]),
            where: new Phrase(where),
            use: new Phrase(shown(USE[family(hit.listen.protocol)])),
          },
          at: h.entry.node,
          related: [
            {
              at: pythonPlace(fs, hit.listen.at),
              message: `${hit.server.kind} listens on ${shownListen(hit.listen)} speaking ${NAMES[family(hit.listen.protocol)]} (${where})`,
            },
            ...(hit.via !== h.backend.arg ? [{ at: hit.via, message: "the upstream server that names the address" }] : []),
          ],
        });
      }
    }
  },
});

type Listener = ReturnType<typeof listenersAt>[number];

/** The first address of the backend where every app server listening speaks another protocol than nginx. */
function mismatchOf(server: NginxServer, backend: Parameters<NginxServer["addressesOf"]>[0], spoken: string, appServers: Parameters<typeof listenersAt>[0]) {
  for (const a of server.addressesOf(backend)) {
    const ref: BackendRef =
      a.unix !== null ? { address: null, socket: a.unix, local: true } : { address: `${a.host ?? ""}:${a.port ?? 80}`, socket: null, local: true };
    if (ref.address && (a.host === null || a.port === null)) continue;
    const listeners: Listener[] = listenersAt(appServers, ref);
    if (!listeners.length || listeners.some((l) => l.listen.uncertain !== undefined || family(l.listen.protocol) === spoken)) continue;
    return { ...listeners[0], via: a.arg, address: a.unix !== null ? `unix:${a.unix}` : `${a.host}:${a.port}` };
  }
  return null;
}
