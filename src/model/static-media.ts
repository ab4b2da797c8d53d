/**
 * Which URL prefixes serve a Django site's static files and its media (user
 * uploads): STATIC_URL and MEDIA_URL from the settings once the engine reads
 * them, else the conventional `/static/` and `/media/`, `/uploads/`
 * (rule-catalog.md, "Media and static: what the rules above mean by it").
 * Every rule of every dialect asks this one function, so plugging the Django
 * settings in is a change here and in what the callers pass.
 */

/** The URL settings this needs from a Django project (relative or absolute URLs, as the settings write them). */
export interface DjangoUrls {
  STATIC_URL?: string | null;
  MEDIA_URL?: string | null;
}

export interface UrlPrefixes {
  static: string[];
  media: string[];
  /** "settings" when the prefixes come from STATIC_URL/MEDIA_URL, "convention" when they are the usual names. */
  from: "settings" | "convention";
}

const CONVENTION: UrlPrefixes = { static: ["/static/"], media: ["/media/", "/uploads/"], from: "convention" };

/** The path of a URL setting (`/static/`, `static/`, `https://cdn.example.com/static/`), or null when it is served elsewhere. */
function urlPath(url: string | null | undefined): string | null {
  if (!url) return null;
  // An absolute URL on another host (a CDN) is not served by this server.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || url.startsWith("//")) return null;
  const p = url.startsWith("/") ? url : `/${url}`;
  return p.endsWith("/") ? p : `${p}/`;
}

/** The static and media URL prefixes of the site: from its settings when given, else by convention. */
export function staticMediaPrefixes(urls?: DjangoUrls | null): UrlPrefixes {
  if (!urls || (urls.STATIC_URL === undefined && urls.MEDIA_URL === undefined)) return CONVENTION;
  const s = urlPath(urls.STATIC_URL);
  const m = urlPath(urls.MEDIA_URL);
  return { static: s ? [s] : [], media: m ? [m] : [], from: "settings" };
}

/**
 * Whether a URL path (a location's prefix) lies under the static or the media
 * prefix: `/media/`, `/media` and `/media/avatars/` are media. Media wins when
 * both match (a media prefix inside the static one is still uploads).
 */
export function servedKind(path: string, prefixes: UrlPrefixes): "static" | "media" | null {
  const p = path.endsWith("/") ? path : `${path}/`;
  const under = (prefix: string) => p.startsWith(prefix);
  if (prefixes.media.some(under)) return "media";
  if (prefixes.static.some(under)) return "static";
  return null;
}

/** How a message names where the prefixes come from. */
export function prefixSource(prefixes: UrlPrefixes, kind: "static" | "media"): string {
  if (prefixes.from === "settings") return kind === "media" ? "MEDIA_URL" : "STATIC_URL";
  return kind === "media" ? "the conventional media prefix; MEDIA_URL is not read yet" : "the conventional static prefix; STATIC_URL is not read yet";
}
