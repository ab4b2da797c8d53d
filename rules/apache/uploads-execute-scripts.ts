import { scriptedUpload } from "../../src/model/apache/uploads.js";
import { staticMediaAliases } from "../../src/model/apache/static-media.js";
import { describePrefix } from "../../src/model/django/static-media.js";
import { defineRule, phrase, lineRef } from "../../src/rule-api.js";

const KIND_LABEL = { php: "PHP", cgi: "CGI", fcgid: "FastCGI (mod_fcgid)", fastcgi: "FastCGI (mod_fastcgi)", "php-fpm": "PHP-FPM" } as const;

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/uploads-execute-scripts",
    severity: "error",
    summary: "The directory served for media (uploads) has a script handler in effect: an uploaded script runs on the server",
    rationale:
      'Django stores uploads under `MEDIA_ROOT` with the name (and extension) the client chose, and Apache serves that directory itself. If a script handler is in effect there (`AddHandler`/`SetHandler` for PHP or CGI, `Options ExecCGI` with a CGI handler, a server-wide `<FilesMatch \\.php$> SetHandler "proxy:fcgi://..."` for PHP-FPM, or mod_php\'s own `<FilesMatch>`), uploading `shell.php` (or `shell.php.jpg`: mod_mime reads every extension) and requesting it runs it on the server. Clear the handler for the media directory (`<Location /media/> SetHandler None </Location>` overrides any `<FilesMatch>`), or keep uploads on a separate domain that runs nothing.',
    silentWhen: [
      "the handler's module is known not to be loaded (mod_php, mod_cgi/mod_cgid, mod_fcgid, mod_proxy_fcgi), or a CGI handler lacks `ExecCGI`",
      "PHP is turned off there (`php_admin_flag engine off`), the handler is cleared (`SetHandler None` in a `<Location>` for the media URL, `RemoveHandler`), or a handler directive may or may not apply (`<If>`, an undecidable condition)",
      "the `Alias` serves a URL that is neither the site's `MEDIA_URL` (when its mod_wsgi settings can be read) nor one of the conventional `/media/`, `/uploads/`",
    ],
    seeds: [{ seed: "000", section: "Serving media files" }],
    security: { cvss: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", cwe: [434] },
    references: [
      { title: "Django: Security in Django, User-uploaded content", url: "https://docs.djangoproject.com/en/stable/topics/security/#user-uploaded-content" },
      { title: "Apache HTTP Server 2.4: mod_mime, Files with Multiple Extensions", url: "https://httpd.apache.org/docs/2.4/mod/mod_mime.html#multipleext" },
    ],
    djangoSettings: ["STATIC_URL", "MEDIA_URL"],
    messages: {
      runs: "Alias {{url}} serves media (uploads) by {{prefix}} from {{dir}}, where {{via}} runs {{sample}} as {{kind}}: an uploaded script runs on the server; clear the handler for these URLs (SetHandler None in <Location {{url}}>)",
    },
  },
  check({ server, fs, run, report }) {
    for (const a of staticMediaAliases(server, fs, () => run.django)) {
      if (a.prefix.kind !== "media") continue;
      const hit = scriptedUpload(server, { vhost: a.entry.vhost, dir: a.dir, url: a.url });
      if (!hit) continue;
      const args = hit.via.node.args.map((x) => x.raw).join(" ");
      report({
        messageId: "runs",
        data: {
          url: a.urlArg.value,
          prefix: phrase`${describePrefix(a.prefix)}`,
          dir: a.targetArg.value,
          via: phrase`'${hit.via.node.name} ${args}' (${lineRef(hit.via.node, a.entry.node)})`,
          sample: hit.file,
          kind: phrase`${KIND_LABEL[hit.kind]}`,
        },
        at: a.targetArg,
      });
    }
  },
});
