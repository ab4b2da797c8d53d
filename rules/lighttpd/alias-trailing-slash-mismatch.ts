import { defineRule, isOpaque } from "../../src/rule-api.js";

/** A last path segment that names a file (`index.html`, `favicon.ico`). */
const FILE_NAME = /\/[^/]+\.[A-Za-z0-9]{1,5}$/;

export default defineRule({
  dialect: "lighttpd",
  meta: {
    id: "lighttpd/alias-trailing-slash-mismatch",
    severity: "warning",
    summary: "An alias.url prefix and its target disagree on the trailing slash",
    rationale:
      'mod_alias replaces the matched URL prefix with the target as written. With `"/media" => "/home/user/django/contrib/admin/media/"` (the example of the FastCGI how-to) a request for `/media/css/base.css` maps to `.../media//css/base.css` and `/mediafoo` reaches into the media directory as `.../media/foo`; with `"/media/" => "/srv/media"` the file of `/media/css/base.css` becomes `/srv/mediacss/base.css` and every admin file answers 404. Write both with a trailing slash, as The Django Book does, or both without.',
    silentWhen: ['the target is `/` itself, or a file (`"/favicon.ico" => "/srv/static/favicon.ico"`)', "the target cannot be known (an environment variable)"],
    seeds: [
      { seed: "002", section: '"/media/" => "/home/user/django/contrib/admin/media/"' },
      { seed: "003", section: '"/media" => "/home/user/django/contrib/admin/media/"' },
    ],
    fix: {
      safety: "unsafe",
      title: "Make the target's trailing slash match the URL prefix",
      why: 'it changes the file some URLs map to (`/mediafoo` with `"/media" => "/srv/media/"`), and only the site\'s layout says which spelling was meant',
    },
    messages: {
      urlSlash: 'alias.url prefix "{{url}}" ends with \'/\' but its target "{{target}}" does not: "{{url}}x" maps to "{{target}}x"; write "{{fixed}}"',
      targetSlash:
        'alias.url target "{{target}}" ends with \'/\' but its prefix "{{url}}" does not: "{{url}}/x" maps to "{{target}}/x" with a doubled slash and "{{url}}x" reaches into the directory; write "{{fixed}}"',
    },
  },
  check({ server, fs, report }) {
    for (const setting of server.settings("alias.url")) {
      for (const alias of server.aliases(setting)) {
        const t = alias.target;
        if (alias.entry.node.incomplete || t.type !== "string") continue;
        const url = alias.url;
        const target = t.value;
        if (!url || !target || /^\/+$/.test(target)) continue;
        // Where a template writes the end of either, whether it ends with '/' is not known.
        if (isOpaque(url.slice(-1)) || isOpaque(target.slice(-1))) continue;
        const urlSlash = url.endsWith("/");
        const targetSlash = target.endsWith("/");
        if (urlSlash === targetSlash) continue;
        if (urlSlash && (fs.kind(target) === "file" || (fs.kind(target) === null && FILE_NAME.test(target)))) continue;
        const fixed = urlSlash ? target + "/" : target.replace(/\/+$/, "");
        const literal = t.literal;
        // The fix rewrites the string as written; lighttpd strings only know the escape \", so leave others alone.
        const fixable = literal !== null && literal === alias.entry.node.value && !/[\\"]/.test(target);
        report({
          messageId: urlSlash ? "urlSlash" : "targetSlash",
          data: { url, target, fixed },
          at: alias.entry.node.value,
          ...(fixable ? { fix: (f) => [f.replaceArg(literal, fixed)] } : {}),
        });
      }
    }
  },
});
