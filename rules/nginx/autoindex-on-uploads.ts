import { prefixSource, servedKind, staticMediaPrefixes } from "../../src/model/static-media.js";
import { settingInEffect } from "../../src/model/nginx/inherit.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/autoindex-on-uploads",
    severity: "warning",
    summary: "autoindex is on where nginx serves media (uploads) or static files, so anyone can list them",
    rationale:
      "With `autoindex on`, a request for a directory returns a listing of every file in it. On the media location that is every file users uploaded (invoices, avatars, documents shared by link only), and Django's permission checks never see the request; on the static location it lists the whole front end. Django's security guide asks that user-uploaded content be served so that it cannot be browsed. Remove `autoindex on` (its default is off).",
    silentWhen: [
      "the location is not a static or media one: by its prefix, STATIC_URL/MEDIA_URL when the settings are read, else the conventional /static/, /media/ and /uploads/",
      "the location passes requests on (proxy_pass, uwsgi_pass, ...) or is a regex location",
    ],
    seeds: [],
    references: [
      { title: "nginx: ngx_http_autoindex_module", url: "https://nginx.org/en/docs/http/ngx_http_autoindex_module.html" },
      { title: "Django: Security in Django, User-uploaded content", url: "https://docs.djangoproject.com/en/stable/topics/security/#user-uploaded-content" },
    ],
    messages: {
      listing: "'autoindex on' is in effect for 'location {{path}}', which serves {{what}} ({{source}}): anyone can list every file there; remove it",
    },
  },
  check({ server, report }) {
    const prefixes = staticMediaPrefixes();
    for (const loc of server.locations) {
      if (loc.modifier === "~" || loc.modifier === "~*" || loc.modifier === "@" || loc.block.incomplete || loc.handler.kind !== "static") continue;
      const kind = servedKind(loc.path, prefixes);
      if (!kind) continue;
      const on = settingInEffect(server, loc.scope, "autoindex").entry;
      if (!on || on.node.args[0]?.value !== "on") continue;
      const own = on.scope === loc.scope;
      report({
        messageId: "listing",
        data: { path: loc.path, what: kind === "media" ? "media (user uploads)" : "static files", source: prefixSource(prefixes, kind) },
        at: own ? on.node : { file: loc.block.file, range: loc.block.openRange },
      });
    }
  },
});
