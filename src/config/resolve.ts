/**
 * Lint options for a file: its configuration file (paths in it are relative
 * to the file), then the command line on top. Files are grouped by the
 * configuration that governs them, so one run can span projects.
 */
import path from "node:path";
import picomatch from "picomatch";
import type { ConfiguredOptions } from "../core/options.js";
import type { Dialect } from "../core/dialect.js";
import type { ConfigFinder, FoundConfig } from "./discover.js";
import { configKeyOf, type ConfigFile, type DjangoConfig } from "./schema.js";
import { dialectOptions } from "../dialects/registry.js";

export interface ConfigGroup {
  config: FoundConfig | null;
  files: string[];
}

/** `ignored` collects the files a configuration's `ignore` left out. */
export async function groupByConfig(files: string[], finder: ConfigFinder | null, explicit: FoundConfig | null, ignored: string[] = []): Promise<ConfigGroup[]> {
  const groups = new Map<string, ConfigGroup>();
  for (const f of files) {
    const found = explicit ?? (finder ? await finder.forFile(f) : null);
    const key = found?.file ?? "";
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { config: found, files: [] }));
    if (!found || !isIgnored(found, f)) g.files.push(f);
    else ignored.push(f);
  }
  return [...groups.values()];
}

const relTo = (found: FoundConfig, file: string) => path.relative(found.dir, file).split(path.sep).join("/");

function isIgnored(found: FoundConfig, file: string): boolean {
  const globs = found.config.ignore ?? [];
  return globs.length > 0 && picomatch(globs, { dot: true })(relTo(found, file));
}

/** Configuration keys (a file's, or an editor's settings) as lint options; paths relative to `base`. */
export function settingsToOptions(c: ConfigFile, base: string): ConfiguredOptions {
  const out: ConfiguredOptions = {
    profile: c.profile,
    rules: c.rules,
    map: Object.entries(c.pathMap ?? {}).map(([from, to]) => ({ from, to: path.resolve(base, to) })),
    djangoVersion: c.djangoVersion,
    extraDirectives: c.extraDirectives,
    template: c.template,
    django: c.django ? djangoPaths(c.django, base) : undefined,
  };
  // Each dialect's options, by their configuration keys; paths are relative to `base`.
  for (const o of dialectOptions()) {
    const v = c[configKeyOf(o)];
    if (v === undefined || (o.type === "path" && !v)) continue;
    (out as Record<string, unknown>)[o.key] = o.type === "path" ? path.resolve(base, v as string) : v;
  }
  return out;
}

/** A settings file names a path (`/` or `.py`); a dotted module does not. */
export const isSettingsFile = (s: string) => s.includes("/") || s.endsWith(".py");

/** `django.root` and settings files relative to `base` (the configuration file's directory, or the working directory for flags). */
export function djangoPaths(d: DjangoConfig, base: string): DjangoConfig {
  const target = (s: string) => (isSettingsFile(s) ? path.resolve(base, s) : s);
  const out: DjangoConfig = {};
  if (d.settings !== undefined) out.settings = target(d.settings);
  if (d.root !== undefined) out.root = path.resolve(base, d.root);
  if (d.sites) out.sites = d.sites.map((s) => ({ names: s.names, settings: target(s.settings) }));
  if (d.assume) out.assume = d.assume;
  if (d.trustedFront !== undefined) out.trustedFront = d.trustedFront;
  return out;
}

/** The configuration's options; `flags` (the command line) win. */
export function optionsFromConfig<O extends ConfiguredOptions>(found: FoundConfig | null, flags: O): O {
  if (!found) return flags;
  const c = found.config;
  const fromConfig = settingsToOptions(c, found.dir);
  const dialectGlobs = Object.entries(c.dialects ?? {}).map(([glob, d]) => [picomatch(glob, { dot: true }), d] as const);
  const dialectOf = dialectGlobs.length
    ? (file: string): Dialect | undefined => dialectGlobs.find(([m]) => m(relTo(found, file)))?.[1]
    : undefined;
  const merged = { ...fromConfig } as O;
  for (const [k, v] of Object.entries(flags)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  merged.rules = { ...(c.rules ?? {}), ...(flags.rules ?? {}) };
  merged.map = [...(fromConfig.map ?? []), ...(flags.map ?? [])];
  merged.extraDirectives = [...(fromConfig.extraDirectives ?? []), ...(flags.extraDirectives ?? [])];
  // --django-settings and --django-root replace those keys only, not the sites and assumptions.
  if (fromConfig.django || flags.django) merged.django = { ...fromConfig.django, ...flags.django };
  if (!flags.dialect && dialectOf) merged.dialectOf = dialectOf;
  return merged;
}
