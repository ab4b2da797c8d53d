import { defineRule, isOpaque } from "../../src/rule-api.js";

/** A last path segment that names a file (`index.html`, `favicon.ico`). */
const FILE_NAME = /\/[^/]+\.[A-Za-z0-9]{1,5}$/;

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/alias-trailing-slash-mismatch",
    severity: "warning",
    summary: "An Alias URL and its target disagree on the trailing slash",
    rationale:
      "mod_alias replaces the URL prefix with the target text as written. With `Alias /media/ /srv/media` a request for `/media/css/site.css` maps to `/srv/mediacss/site.css` and every static file of the site answers 404; with `Alias /media /srv/media/` the paths come out with doubled slashes and `/media` alone maps to the directory. Write both with a trailing slash or both without.",
    silentWhen: [
      "the target is `/` itself, or a file (`Alias / /srv/www/index.html` needs `AliasMatch`, not a slash)",
      "the Alias sits inside `<Location>` (its one-argument form) or is an `AliasMatch`",
    ],
    seeds: [{ seed: "001", section: "Alias /media/ /usr/local/django/mysite/media/" }],
    fix: {
      safety: "unsafe",
      title: "Make the target's trailing slash match the URL",
      why: "it changes the file some URLs map to (with `Alias /media /srv/media/`, `/mediafoo` stops mapping to `/srv/media/foo`), and only the site's layout says which spelling was meant",
    },
    messages: {
      urlSlash: "Alias URL '{{url}}' ends with '/' but its target '{{target}}' does not: '{{url}}x' maps to '{{target}}x'; write '{{fixed}}'",
      targetSlash:
        "Alias target '{{target}}' ends with '/' but its URL '{{url}}' does not: files map to paths with a doubled slash ('{{target}}/x'); write '{{fixed}}'",
    },
  },
  check({ server, fs, report }) {
    for (const { node } of server.directives("Alias")) {
      if (node.args.length !== 2) continue;
      const [urlArg, targetArg] = node.args;
      const url = urlArg.value;
      const target = targetArg.value;
      if (!url || !target || target === "/" || /^\/+$/.test(target)) continue;
      // Where a template writes the end of either, whether it ends with '/' is not known.
      if (isOpaque(url.slice(-1)) || isOpaque(target.slice(-1))) continue;
      const urlSlash = url.endsWith("/");
      const targetSlash = target.endsWith("/");
      if (urlSlash === targetSlash) continue;
      if (urlSlash && (fs.kind(target) === "file" || (fs.kind(target) === null && FILE_NAME.test(target)))) continue;
      const fixed = urlSlash ? target + "/" : target.replace(/\/+$/, "");
      report({
        messageId: urlSlash ? "urlSlash" : "targetSlash",
        data: { url, target, fixed },
        at: targetArg,
        fix: (f) => [f.replaceArg(targetArg, fixed)],
      });
    }
  },
});
