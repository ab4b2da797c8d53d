import type { ApacheSection } from "../../src/ast/apache.js";
import { isPythonSetHandler } from "../../src/model/apache/modpython.js";
import type { ApacheEntry, ApacheServer } from "../../src/model/apache/server.js";
import { locationPath, locationRegex, normalizeUrl, urlsOverlap, urlUnder } from "../../src/model/apache/urls.js";
import { perHost, sectionName } from "../../src/model/apache/helpers.js";
import { defineRule, phrase } from "../../src/rule-api.js";

/** Location paths that name static files by convention. */
const STATIC_PATH = /^\/(?:[^/]+\/)*(?:media|static|site_media|admin_media|static_media|assets|uploads|images|img|css|js|files)(?:\/|$)/i;
/** LocationMatch patterns that select static files by extension. */
const STATIC_EXT = /\\\.\(?[^)]*\b(?:jpe?g|gif|png|css|js|ico|svg|webp|woff2?)\b/i;

/** A place where mod_python takes over a URL prefix. */
interface PythonMount {
  prefix: string;
  /** The section or scope that sets the handler, for the message. */
  at: ApacheEntry;
  vhost: ApacheSection | null;
  order: number;
}

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/missing-sethandler-none",
    severity: "error",
    summary: "Media under a mod_python mount is not exempted with SetHandler None",
    rationale:
      '`SetHandler python-program` in a `<Location>` applies to every URL below it, including the ones an `Alias` maps to your media directory: Django receives the media requests. mod_python setups must switch the handler off for media with a later `<Location "/media"> SetHandler None </Location>`. Not a problem under mod_wsgi, where the `Alias` takes precedence.',
    silentWhen: [
      "no `SetHandler python-program` is in effect for the URL (mod_wsgi, FastCGI and proxy setups)",
      "a `<Location>` or `<LocationMatch>` that overlaps the media URL sets `SetHandler None` after the mod_python mount",
      "the media URL is matched by a regular expression (`AliasMatch`, `<Location ~>`)",
    ],
    seeds: [
      { seed: "000", section: "Serving media files" },
      { seed: "002", section: "Serving Django and Media Files" },
    ],
    fix: {
      safety: "safe",
      title: "Add SetHandler None for the media URL",
      why: "it makes the `Alias` the configuration already has take effect for its own URL, as the seed configurations do; no other URL is handled differently",
    },
    messages: {
      alias:
        'Alias {{url}} lies under {{mount}}, where mod_python handles every request: Django receives the media requests; add <Location "{{url}}"> SetHandler None </Location> after it',
      location:
        "<{{section}} {{url}}> serves static files under {{mount}}, where mod_python handles every request: without SetHandler None Django receives them; add SetHandler None to it",
      overridden:
        'SetHandler None for {{url}} comes before {{mount}}, which sets python-program again and wins: move the <Location "{{url}}"> section after it',
    },
    absence: ["alias", "location"],
  },
  check({ server, report }) {
    const mounts = pythonMounts(server);
    if (!mounts.length) return;
    const mountName = (m: PythonMount) =>
      m.at.node.kind === "section" ? sectionName(m.at.node) : phrase`SetHandler python-program on line ${m.at.node.range.line}`;

    for (const alias of server.directives("Alias")) {
      const url = alias.node.args[0]?.value;
      if (!url || alias.node.args.length < 2) continue;
      const mount = governingMount(mounts, alias.vhost, url);
      if (!mount) continue;
      const exempt = exemption(server, mount, alias.vhost, url);
      if (exempt === "after") continue;
      if (exempt === "before") {
        report({ messageId: "overridden", data: { url, mount: mountName(mount) }, at: alias.node });
        continue;
      }
      report({
        messageId: "alias",
        data: { url, mount: mountName(mount) },
        at: alias.node,
        fix: (f) => [f.insertLinesAfter(alias.node, [`<Location "${url}">`, "    SetHandler None", "</Location>"])],
      });
    }

    for (const loc of [...server.sections("Location"), ...server.sections("LocationMatch")]) {
      if (!looksStatic(loc.node) || server.scopeDirectives(loc.node, "SetHandler").length) continue;
      const path = locationPath(loc.node);
      const probe = path ?? "/static/x.png";
      const mount = governingMount(mounts, loc.vhost, probe);
      if (!mount || mount.at.node === loc.node) continue;
      if (path && exemption(server, mount, loc.vhost, path) === "after") continue;
      report({
        messageId: "location",
        data: { section: loc.node.name, url: loc.node.args.map((a) => a.raw).join(" "), mount: mountName(mount) },
        at: { file: loc.node.file, range: loc.node.openRange },
        fix: (f) => [f.insertIntoSection(loc.node, ["SetHandler None"])],
      });
    }
  },
});

function pythonMounts(server: ApacheServer): PythonMount[] {
  const mounts: PythonMount[] = [];
  for (const e of server.directives("SetHandler")) {
    if (e.active !== "yes" || !isPythonSetHandler(e.node)) continue;
    const scope = e.scope;
    if (scope === null || scope.key === "virtualhost") {
      mounts.push({ prefix: "/", at: e, vhost: e.vhost, order: e.order });
      continue;
    }
    const path = locationPath(scope);
    if (path === null) continue;
    const at = locationEntry(server, scope);
    if (at) mounts.push({ prefix: path, at, vhost: e.vhost, order: at.order });
  }
  return mounts;
}

const locationEntries = new WeakMap<ApacheServer, Map<ApacheSection, ApacheEntry<ApacheSection>>>();

/** The entry of a `<Location>` section (indexed once per server: asked per SetHandler). */
function locationEntry(server: ApacheServer, section: ApacheSection): ApacheEntry<ApacheSection> | undefined {
  let m = locationEntries.get(server);
  if (!m) {
    m = new Map();
    // The first entry of a section wins, as find() would (a file included twice is read twice).
    for (const e of server.sections("Location")) if (!m.has(e.node)) m.set(e.node, e);
    locationEntries.set(server, m);
  }
  return m.get(section);
}

/** The mod_python mount that applies to a URL as seen from a vhost (server-level mounts reach every vhost); the last one wins. */
function governingMount(mounts: PythonMount[], vhost: ApacheSection | null, url: string): PythonMount | null {
  const applicable = mountsOver(mounts, url).filter((m) => (m.vhost === null || m.vhost === vhost) && urlUnder(url, m.prefix));
  if (!applicable.length) return null;
  return applicable.sort((a, b) => mergeRank(a.vhost, a.order) - mergeRank(b.vhost, b.order))[applicable.length - 1];
}

const mountIndexes = new WeakMap<PythonMount[], Map<string, number[]>>();

/**
 * The mounts whose prefix may hold `url` (the URL itself, `/` or a prefix of it ending before a `/`), in their
 * order in `mounts`: looked up by prefix, asked per alias and per <Location> (a host may hold thousands of each).
 */
function mountsOver(mounts: PythonMount[], url: string): PythonMount[] {
  let byPrefix = mountIndexes.get(mounts);
  if (!byPrefix) {
    byPrefix = new Map();
    mounts.forEach((m, i) => {
      const k = normalizeUrl(m.prefix);
      const l = (byPrefix as Map<string, number[]>).get(k);
      if (l) l.push(i);
      else (byPrefix as Map<string, number[]>).set(k, [i]);
    });
    mountIndexes.set(mounts, byPrefix);
  }
  const u = normalizeUrl(url);
  const keys = new Set([u, "/"]);
  for (let i = u.indexOf("/"); i >= 0; i = u.indexOf("/", i + 1)) keys.add(u.slice(0, i));
  const at: number[] = [];
  for (const k of keys) for (const i of byPrefix.get(k) ?? []) at.push(i);
  return at.sort((a, b) => a - b).map((i) => mounts[i] as PythonMount);
}

/** httpd merges server-level <Location>s first, then the virtual host's, each in config order. */
function mergeRank(vhost: ApacheSection | null, order: number): number {
  return (vhost ? 1e9 : 0) + order;
}

/** Is there a `SetHandler None` for a URL that wins over the mount ("after"), one that loses ("before"), or none? */
function exemption(server: ApacheServer, mount: PythonMount, vhost: ApacheSection | null, url: string): "after" | "before" | null {
  let found: "after" | "before" | null = null;
  // The sections with SetHandler None the host sees (server level and its own), found once per host: asked per alias.
  for (const loc of exemptingLocations(server, vhost)) {
    const path = locationPath(loc.node);
    const re = path === null ? locationRegex(loc.node) : null;
    const matches = path !== null ? urlsOverlap(path, url) : re !== null && (re.test(normalizeUrl(url)) || re.test(normalizeUrl(url) + "/"));
    if (!matches) continue;
    if (mergeRank(loc.vhost, loc.order) > mergeRank(mount.vhost, mount.order)) return "after";
    found = "before";
  }
  return found;
}

function looksStatic(s: ApacheSection): boolean {
  const path = locationPath(s);
  if (path !== null) return STATIC_PATH.test(path);
  const re = s.key === "locationmatch" ? s.args[0]?.value : s.args[0]?.value === "~" ? s.args[1]?.value : undefined;
  return !!re && (STATIC_EXT.test(re) || STATIC_PATH.test(re.replace(/^\^/, "")));
}

const exempting = new WeakMap<ApacheServer, Map<ApacheSection | null, ApacheEntry<ApacheSection>[]>>();

/** The `<Location>`/`<LocationMatch>` sections a host sees that say `SetHandler None`, in the order exemption weighs them. */
function exemptingLocations(server: ApacheServer, vhost: ApacheSection | null): ApacheEntry<ApacheSection>[] {
  return perHost(exempting, server, vhost, () =>
    [...server.sectionsSeenBy("Location", vhost), ...server.sectionsSeenBy("LocationMatch", vhost)].filter((loc) =>
      server.scopeDirectives(loc.node, "SetHandler").some((d) => d.node.args[0]?.value.toLowerCase() === "none"),
    ),
  );
}
