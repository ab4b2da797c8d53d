import { dirListingAt, dirListingModule, staticMediaPlaces } from "../../src/model/lighttpd/served.js";
import { describePrefix } from "../../src/model/django/static-media.js";
import { defineRule, phrase, lineRef } from "../../src/rule-api.js";

export default defineRule({
  dialect: "lighttpd",
  meta: {
    id: "lighttpd/dir-listing-on-uploads",
    severity: "warning",
    summary: "Directory listings are on for the media (uploads) or static URL prefix",
    rationale:
      'With `dir-listing.activate = "enable"` (or the older `server.dir-listing`) in effect, lighttpd answers a request for a directory without an index file with a listing of everything in it. Under the media prefix that is every user\'s upload, private documents included; under the static prefix it shows what the site ships. Debian\'s `10-dir-listing.conf` turns listings on for the whole server. Turn them off for the prefix: `$HTTP["url"] =^ "/media/" { dir-listing.activate = "disable" }`.',
    silentWhen: [
      'mod_dirlisting cannot be loaded (`server.compat-module-load = "disable"` and it is not in `server.modules`)',
      "a context the linter cannot decide for the URL (another host, a client address, a header) sets the option differently",
      "the prefix is not the `STATIC_URL`/`MEDIA_URL` of the project the host serves (when the run ties one of its sites to a project whose settings were read) nor, otherwise, one of the conventional `/static/`, `/media/`, `/uploads/`",
    ],
    seeds: [{ seed: "003", section: "lighttpd setup" }],
    references: [
      { title: "lighttpd: mod_dirlisting", url: "https://redmine.lighttpd.net/projects/lighttpd/wiki/Mod_dirlisting" },
      { title: "Django: Security in Django, User-uploaded content", url: "https://docs.djangoproject.com/en/stable/topics/security/#user-uploaded-content" },
    ],
    djangoSettings: ["STATIC_URL", "MEDIA_URL"],
    messages: {
      listed:
        '{{url}} serves {{what}} and {{via}} turns directory listings on there: anyone can list every file; add $HTTP["url"] =^ "{{url}}" { dir-listing.activate = "disable" }',
    },
  },
  check({ server, run, report }) {
    if (dirListingModule(server) === "no") return;
    const seen = new Set<string>();
    for (const place of staticMediaPlaces(server, () => run.django)) {
      const o = dirListingAt(server, place.context, place.url);
      const via = o.setting?.assignments[o.setting.assignments.length - 1];
      if (!o.on || o.unsure || !via) continue;
      const at = place.alias?.keyNode ?? place.alias?.node ?? via;
      // One finding per prefix and enabling setting (an alias and a block for the same prefix are one place).
      const key = `${place.url}\0${via.file}:${via.range.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report({
        messageId: "listed",
        data: {
          url: place.url,
          what: phrase`${place.prefix.kind === "media" ? "media (uploads)" : "static files"} by ${describePrefix(place.prefix)}`,
          via: phrase`'${`${via.name} ${via.op} ${via.value?.kind === "arg" ? via.value.raw : "(...)"}`}' (${lineRef(via, at)})`,
        },
        at,
      });
    }
  },
});
