/**
 * What lighttpd serves under the static and media URL prefixes
 * (src/model/django/static-media.ts; lighttpd configurations are not tied to
 * a project's settings, so the conventional prefixes): the `alias.url`
 * entries for them, the `$HTTP["url"]` conditions written for them, and
 * whether directory listings are on there (mod_dirlisting is loaded by
 * lighttpd's compatibility loading unless `server.compat-module-load` is
 * disabled: checked on 1.4.69).
 */
import type { LighttpdCondition } from "../../ast/lighttpd.js";
import { classifyUrl, staticMediaPrefixes, type ServedPrefix } from "../django/static-media.js";
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

/** Alias entries and URL conditions for the conventional static and media prefixes. */
export function staticMediaPlaces(server: LighttpdServer): ServedPlace[] {
  const prefixes = staticMediaPrefixes();
  const out: ServedPlace[] = [];
  for (const setting of server.settings("alias.url"))
    for (const a of server.aliases(setting)) {
      const prefix = a.entry.node.incomplete ? null : classifyUrl(a.url, prefixes);
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
      const prefix = lit ? classifyUrl(lit, prefixes) : null;
      if (lit && prefix) out.push({ url: lit.endsWith("/") ? lit : lit + "/", prefix, context: ctx, alias: null, condition: b });
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
