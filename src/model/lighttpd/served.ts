/**
 * What lighttpd serves under the static and media URL prefixes
 * (src/model/django/static-media.ts: those of the settings of the project a
 * host serves, when the run ties one of its sites to a project, else the
 * conventional ones): the `alias.url`
 * entries for them, the `$HTTP["url"]` conditions written for them, and
 * whether directory listings are on there (mod_dirlisting is loaded by
 * lighttpd's compatibility loading unless `server.compat-module-load` is
 * disabled: checked on 1.4.69).
 */
import type { LighttpdCondition } from "../../ast/lighttpd.js";
import type { DjangoModel, DjangoProjectFacts } from "../django/index.js";
import { lighttpdSiteContext, siteScriptName } from "../django/site-servers.js";
import { siteScope } from "../django/sites.js";
import { classifyUrl, staticMediaPrefixes, staticMediaSettings, type ServedPrefix, type StaticMediaSettings } from "../django/static-media.js";
import { optionAtUrl, type OptionAtUrl } from "./request.js";
import type { LighttpdContext, LighttpdServer } from "./server.js";
import type { ValueEntry } from "./values.js";

export type Tri = "yes" | "no" | "unknown";

/** The option and its older name, which wins when both are set in one context (checked on 1.4.69). */
export const DIR_LISTING_KEYS = ["dir-listing.activate", "server.dir-listing"];

export interface ServedPlace {
  /** The URL prefix (with a trailing `/`). */
  url: string;
  prefix: ServedPrefix;
  context: LighttpdContext;
  /** The `alias.url` entry, or null for a `$HTTP["url"]` condition written for the prefix. */
  alias: ValueEntry | null;
  condition: LighttpdCondition | null;
}

/**
 * Alias entries and URL conditions for the static and media prefixes (`django`: the run's Django model, read on
 * first use): a context's are those of the one project whose sites are in it, around it or inside it (the host
 * block that holds the aliases around the `$HTTP["url"]` block that proxies), else the conventional ones.
 */
export function staticMediaPlaces(server: LighttpdServer, django?: () => DjangoModel): ServedPlace[] {
  const prefixesOf = contextPrefixes(server, django);
  const out: ServedPlace[] = [];
  for (const setting of server.settings("alias.url"))
    for (const a of server.aliases(setting)) {
      const prefix = a.entry.node.incomplete ? null : classifyUrl(a.url, prefixesOf(setting.context));
      if (prefix) out.push({ url: a.url.endsWith("/") ? a.url : a.url + "/", prefix, context: setting.context, alias: a.entry, condition: null });
    }
  // A URL block counts when it is about listings there (it sets them); an alias says the prefix is served.
  const listing = (c: LighttpdContext): boolean => DIR_LISTING_KEYS.some((k) => c.settings.has(k)) || c.children.some(listing);
  for (const ctx of server.contexts)
    for (const b of listing(ctx) ? ctx.blocks : []) {
      const t = b.test;
      if (!t || b.incomplete || t.variable !== "HTTP" || t.field?.kind !== "arg" || t.field.value !== "url" || t.pattern?.kind !== "arg") continue;
      if (t.op !== "=~" && t.op !== "=^" && t.op !== "==") continue;
      const lit = t.op === "=~" ? /^\^(\/[\w./-]*\/)/.exec(t.pattern.value)?.[1].replace(/\\/g, "") : t.pattern.value;
      const prefix = lit ? classifyUrl(lit, prefixesOf(ctx)) : null;
      if (lit && prefix) out.push({ url: lit.endsWith("/") ? lit : lit + "/", prefix, context: ctx, alias: null, condition: b });
    }
  return out;
}

/** The prefixes a context's URLs are weighed against (see staticMediaPlaces). */
function contextPrefixes(server: LighttpdServer, django?: () => DjangoModel): (ctx: LighttpdContext) => ServedPrefix[] {
  const conventional = staticMediaPrefixes();
  if (!django) return () => conventional;
  let index: SiteIndex | undefined;
  const memo = new Map<LighttpdContext, ServedPrefix[]>();
  return (ctx) => {
    let hit = memo.get(ctx);
    if (!hit) {
      index ??= siteIndex(siteSettings(server, django()));
      // The sites in or under this context, then those of the contexts around it (a walk up, not a scan of every site).
      const related = [...(index.within.get(ctx) ?? [])];
      for (let c = ctx.parent; c; c = c.parent) related.push(...(index.at.get(c) ?? []));
      const projects = new Set(related.map((s) => s.project));
      const first = related.reduce<SiteSettings | null>((a, b) => (a === null || b.order < a.order ? b : a), null);
      hit = projects.size === 1 && first ? staticMediaPrefixes(first.settings) : conventional;
      memo.set(ctx, hit);
    }
    return hit;
  };
}

interface SiteSettings {
  ctx: LighttpdContext;
  project: DjangoProjectFacts;
  settings: StaticMediaSettings;
  /** Its place in the run's sites. */
  order: number;
}

/** The sites by their own context (`at`) and by every context around them (`within`: the context itself included). */
interface SiteIndex {
  at: Map<LighttpdContext, SiteSettings[]>;
  within: Map<LighttpdContext, SiteSettings[]>;
}

function siteIndex(sites: SiteSettings[]): SiteIndex {
  const index: SiteIndex = { at: new Map(), within: new Map() };
  const add = (m: Map<LighttpdContext, SiteSettings[]>, c: LighttpdContext, s: SiteSettings) => {
    const l = m.get(c);
    if (l) l.push(s);
    else m.set(c, [s]);
  };
  for (const s of sites) {
    add(index.at, s.ctx, s);
    for (let c: LighttpdContext | null = s.ctx; c; c = c.parent) add(index.within, c, s);
  }
  return index;
}

/**
 * The static and media settings of each site of this server tied to a project whose settings were read. A
 * relative value (`"static/"`) is prefixed with the script name the site passes; where that cannot be known
 * (a FastCGI/SCGI mount), the setting is left out and its convention used.
 */
function siteSettings(server: LighttpdServer, model: DjangoModel): SiteSettings[] {
  const out: SiteSettings[] = [];
  // Contexts by the opening of their first block, once (a site names its block so).
  const byBlock = new Map<string, LighttpdContext>();
  for (const c of server.contexts) if (c.blocks[0]) byBlock.set(`${c.blocks[0].file}\0${c.blocks[0].headRange.start}`, c);
  for (const project of model.projects) {
    if (project.settingsUnknown || !project.settingsFiles.length) continue;
    for (const site of project.sites) {
      if (site.dialect !== "lighttpd" || !server.tree.files.has(site.file)) continue;
      const scope = siteScope(site);
      const ctx = byBlock.get(`${scope.file}\0${scope.range.start}`) ?? lighttpdSiteContext(server, site);
      if (!ctx) continue;
      const script = siteScriptName(server, project, site);
      out.push({ ctx, project, settings: staticMediaSettings(project, script ?? "/", script !== null), order: out.length });
    }
  }
  return out;
}

/** Whether directory listings can be produced at all: mod_dirlisting loaded, or loaded by the compatibility default. */
export function dirListingModule(server: LighttpdServer): Tri {
  const listed = server.hasModule("mod_dirlisting");
  if (listed !== "no") return listed;
  const compat = server.settingInEffect("server.compat-module-load");
  if (!compat) return "yes";
  return compat.value.type === "string" ? (/^(disable|0|false|off)$/i.test(compat.value.value) ? "no" : "yes") : "unknown";
}

/** `dir-listing.activate` (or its old name `server.dir-listing`) in effect for a URL in a context's host. */
export function dirListingAt(server: LighttpdServer, ctx: LighttpdContext, url: string): OptionAtUrl & { on: boolean } {
  const o = optionAtUrl(server, ctx, url, DIR_LISTING_KEYS);
  const v = o.setting?.value;
  return { ...o, on: v?.type === "string" && /^(enable|1|true|on)$/i.test(v.value) };
}
