/**
 * Which URL prefixes serve static files and which serve media (user
 * uploads) (rule-catalog.md, "Media and static"): `STATIC_URL` and
 * `MEDIA_URL` when the settings were read and give them (a relative value
 * such as `"static/"` is prefixed with the script name, as Django does since
 * 3.1), else the conventional `/static/` for static files and `/media/`,
 * `/uploads/` for media. Rules that fall back on the conventional names say
 * so in their messages. Dialect-independent: every server's rules ask here.
 */
import type { DjangoProjectFacts } from "./index.js";
import { knownSetting } from "./sides.js";

export type ServedKind = "static" | "media";

export interface ServedPrefix {
  kind: ServedKind;
  /** The URL prefix, with a trailing `/`. */
  url: string;
  /** Where it comes from: `STATIC_URL` / `MEDIA_URL` (with the settings file), or the convention. */
  source: { setting: "STATIC_URL" | "MEDIA_URL"; file: string; line: number } | { conventional: true };
}

/** What a caller knows from the settings; absent or null values fall back on the convention for that kind. */
export interface StaticMediaSettings {
  STATIC_URL?: { value: string; file: string; line: number } | null;
  MEDIA_URL?: { value: string; file: string; line: number } | null;
  /** The mount point of the application (`WSGIScriptAlias /app`, `FORCE_SCRIPT_NAME`), for relative URLs. */
  scriptName?: string;
}

/**
 * `STATIC_URL`/`MEDIA_URL` as the static/media model takes them, read from a project's settings (one that is not a
 * plain string read from the settings, an assumed one included, is left to the convention). `relativeKnown` false:
 * the script name the site passes is not known, and a relative value (`"static/"`) is left to the convention too.
 */
export function staticMediaSettings(project: DjangoProjectFacts | null, scriptName: string, relativeKnown = true): StaticMediaSettings {
  const out: StaticMediaSettings = { scriptName };
  if (!project) return out;
  for (const name of ["STATIC_URL", "MEDIA_URL"] as const) {
    const s = knownSetting(project, name);
    if (s?.how !== "read" || typeof s.value !== "string" || (!relativeKnown && !s.value.startsWith("/"))) continue;
    out[name] = { value: s.value, file: s.fact.file, line: s.fact.line };
  }
  return out;
}

export const CONVENTIONAL: Record<ServedKind, string[]> = { static: ["/static/"], media: ["/media/", "/uploads/"] };

const withSlash = (u: string) => (u.endsWith("/") ? u : u + "/");

/** A `STATIC_URL`-style value as a URL path prefix, or null for a full URL on another host (nothing this server serves). */
function asPrefix(value: string, scriptName = "/"): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith("//")) return null;
  if (value === "") return null;
  if (value.startsWith("/")) return withSlash(value);
  return withSlash(withSlash(scriptName) + value);
}

/** The static and media prefixes of a site. */
export function staticMediaPrefixes(settings: StaticMediaSettings = {}): ServedPrefix[] {
  const out: ServedPrefix[] = [];
  for (const [kind, name] of [
    ["static", "STATIC_URL"],
    ["media", "MEDIA_URL"],
  ] as const) {
    const s = settings[name];
    const url = s ? asPrefix(s.value, settings.scriptName) : null;
    if (s && url) out.push({ kind, url, source: { setting: name, file: s.file, line: s.line } });
    else if (!s) for (const u of CONVENTIONAL[kind]) out.push({ kind, url: u, source: { conventional: true } });
  }
  return out;
}

/**
 * The prefix a served URL (an `Alias` URL, a location) falls under: at or
 * below it, or, for the conventional names, a sub-path mount of them
 * (`/app/static/`). Null when it is neither static nor media.
 */
export function classifyUrl(url: string, prefixes: ServedPrefix[]): ServedPrefix | null {
  const u = withSlash(url.replace(/\/{2,}/g, "/"));
  let best: ServedPrefix | null = null;
  for (const p of prefixes) {
    const hit = u.startsWith(p.url) || ("conventional" in p.source && u.endsWith(p.url) && u.length > p.url.length);
    if (hit && (!best || p.url.length > best.url.length)) best = p;
  }
  return best;
}

/** "MEDIA_URL (settings.py line 12)" or "the conventional media prefix /media/ (no settings read)", for messages. */
export function describePrefix(p: ServedPrefix): string {
  if ("conventional" in p.source)
    return `the conventional ${p.kind} prefix ${p.url} (no ${p.kind === "static" ? "STATIC_URL" : "MEDIA_URL"} read from settings)`;
  const file = p.source.file.split(/[\\/]/).pop();
  return `${p.source.setting} ${p.url} (${file} line ${p.source.line})`;
}
