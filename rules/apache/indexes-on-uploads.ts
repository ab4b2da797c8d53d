import { optionFor } from "../../src/model/apache/handlers.js";
import { staticMediaAliases } from "../../src/model/apache/static-media.js";
import { describePrefix } from "../../src/model/django/static-media.js";
import { defineRule, phrase, lineRef } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/indexes-on-uploads",
    severity: "warning",
    summary: "Options Indexes is in effect on the directory an Alias serves media (uploads) or static files from",
    rationale:
      "With `Options Indexes` (or `+Indexes`, or `All`) in effect and no index file, mod_autoindex answers a request for the directory with a listing of every file in it. On the media directory that is every user's upload, private documents included; on the static directory it shows what the site ships. Django never lists directories; the server should not either. Turn listings off for the alias's directory (`Options -Indexes`). Debian's default `<Directory /var/www/>` turns them on. The Apache twin of `nginx/autoindex-on-uploads`.",
    silentWhen: [
      "mod_autoindex is known not to be loaded",
      "an `Options` that may or may not apply (under `<If>`, an undecidable condition, a regex the linter cannot read) would change the answer",
      "the `Alias` serves a URL that is neither the site's `STATIC_URL`/`MEDIA_URL` (when the settings of the project the host runs or proxies to can be read) nor one of the conventional `/static/`, `/media/`, `/uploads/`",
    ],
    seeds: [{ seed: "000", section: "Serving media files" }],
    references: [
      { title: "Apache HTTP Server 2.4: core, Options", url: "https://httpd.apache.org/docs/2.4/mod/core.html#options" },
      { title: "Django: Security in Django, User-uploaded content", url: "https://docs.djangoproject.com/en/stable/topics/security/#user-uploaded-content" },
    ],
    djangoSettings: ["STATIC_URL", "MEDIA_URL"],
    messages: {
      listed:
        "Alias {{url}} serves {{what}} from {{dir}}, where {{via}} turns on directory listings: anyone can list every file there; add Options -Indexes for this directory",
    },
  },
  check({ server, fs, run, report }) {
    if (server.hasModule("autoindex") === "no") return;
    for (const a of staticMediaAliases(server, fs, () => run.django)) {
      const url = a.url.endsWith("/") ? a.url : a.url + "/";
      const o = optionFor(server, { vhost: a.entry.vhost, dir: a.dir, url, file: null }, "Indexes");
      if (!o.on || o.unsure || !o.via) continue;
      const args = o.via.node.args.map((x) => x.raw).join(" ");
      report({
        messageId: "listed",
        data: {
          url: a.urlArg.value,
          what: phrase`${a.prefix.kind === "media" ? "media (uploads)" : "static files"} by ${describePrefix(a.prefix)}`,
          dir: a.targetArg.value,
          via: phrase`'Options ${args}' (${lineRef(o.via.node, a.entry.node)})`,
        },
        at: a.targetArg,
      });
    }
  },
});
