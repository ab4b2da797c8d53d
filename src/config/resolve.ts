/**
 * Lint options for a file: the configuration files in force for it (the
 * cascade and what each extends, src/config/discover.ts: later layers win;
 * each layer's paths relative to its own file), the `overrides` entries that
 * match it (after their own file's keys, before a nearer file's), then the
 * command line on top. Files are grouped by the settings that govern them, so
 * one run can span projects.
 */
import path from "node:path";
import picomatch from "picomatch";
import type { ConfiguredOptions, FileRules } from "../core/options.js";
import type { Dialect } from "../core/dialect.js";
import type { SeverityOrOff } from "../core/diagnostic.js";
import type { ConfigFinder, ConfigLayer, FoundConfig } from "./discover.js";
import { configKeyOf, FILE_ONLY_KEYS, type ConfigFile, type DjangoConfig, type OverrideEntry } from "./schema.js";
import { dialectOptions } from "../dialects/registry.js";
import { FileIgnores } from "./ignore.js";

/** A file left out, and why (`.gitignore`, `--ignore-pattern`, `ignorePatterns in FILE`). */
export interface IgnoredFile {
  file: string;
  why: string;
}

export interface ConfigGroup {
  config: FoundConfig | null;
  files: string[];
}

/** A configuration's layers, lowest precedence first (a FoundConfig built by hand has one). */
export const layersOf = (found: FoundConfig): ConfigLayer[] => found.layers ?? [found];

/** `file` relative to `dir`, with forward slashes (globs are written that way). */
const relTo = (dir: string, file: string) => path.relative(dir, file).split(path.sep).join("/");

const matchers = new WeakMap<object, (rel: string) => boolean>();
/** A cached matcher for a list of globs (the list is the cache key). */
function matcherOf(globs: string[]): (rel: string) => boolean {
  let m = matchers.get(globs);
  if (!m) matchers.set(globs, (m = picomatch(globs, { dot: true })));
  return m;
}

/** Whether an `overrides` entry (written in a file in `dir`) applies to `file`. */
function overrideApplies(o: OverrideEntry, dir: string, file: string): boolean {
  const rel = relTo(dir, path.resolve(file));
  if (rel.startsWith("../") || path.isAbsolute(rel)) return false;
  return matcherOf(o.files)(rel) && !(o.excludedFiles && matcherOf(o.excludedFiles)(rel));
}

/**
 * Files are grouped by the configuration and the `overrides` entries that
 * govern them (their settings reach the whole server linted with them).
 * `ignored` collects the files left out, and why (by `ignores`: ignorePatterns,
 * --ignore-pattern, .gitignore; without it, the configurations' ignorePatterns only).
 */
export async function groupByConfig(
  files: string[],
  finder: ConfigFinder | null,
  explicit: FoundConfig | null,
  ignored: IgnoredFile[] = [],
  ignores?: FileIgnores,
): Promise<ConfigGroup[]> {
  const groups = new Map<string, ConfigGroup>();
  for (const f of files) {
    const found = explicit ?? (finder ? await finder.forFile(f) : null);
    const why = (ignores ?? CONFIG_PATTERNS_ONLY).why(f, found);
    if (why !== null) {
      ignored.push({ file: f, why });
      continue;
    }
    const key = found ? `${found.file}\0${matchingOverrides(found, f)}` : "";
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { config: found, files: [] }));
    g.files.push(f);
  }
  return [...groups.values()];
}

/** Which overrides entries apply to a file, as a key (layer:entry indices). */
function matchingOverrides(found: FoundConfig, file: string): string {
  const hits: string[] = [];
  layersOf(found).forEach((l, i) => l.config.overrides?.forEach((o, j) => overrideApplies(o, l.dir, file) && hits.push(`${i}:${j}`)));
  return hits.join(",");
}

/** Without `ignores`: the configurations' ignorePatterns, not .gitignore (standard input, --print-django). */
const CONFIG_PATTERNS_ONLY = new FileIgnores({ enabled: true, gitignore: false });

/** A layer's settings with every path made absolute (relative to its file), so that layers from different directories merge. */
function absolute(c: ConfigFile, dir: string): ConfigFile {
  const out: ConfigFile = {};
  for (const [k, v] of Object.entries(c)) if (!FILE_ONLY_KEYS.includes(k)) out[k] = v;
  if (c.pathMap) out.pathMap = Object.fromEntries(Object.entries(c.pathMap).map(([from, to]) => [from, path.resolve(dir, to)]));
  if (c.django) out.django = djangoPaths(c.django, dir);
  for (const o of dialectOptions()) {
    const k = configKeyOf(o);
    if (o.type === "path" && typeof c[k] === "string" && c[k]) out[k] = path.resolve(dir, c[k] as string);
  }
  return out;
}

/** `hi` over `lo`: maps merge by key, extraDirectives add up, other keys are replaced. */
function over(lo: ConfigFile, hi: ConfigFile): ConfigFile {
  const out: ConfigFile = { ...lo, ...hi };
  if (lo.rules || hi.rules) out.rules = { ...lo.rules, ...hi.rules };
  if (lo.pathMap || hi.pathMap) out.pathMap = { ...lo.pathMap, ...hi.pathMap };
  if (lo.extraDirectives || hi.extraDirectives) out.extraDirectives = [...new Set([...(lo.extraDirectives ?? []), ...(hi.extraDirectives ?? [])])];
  if (lo.django || hi.django) out.django = { ...lo.django, ...hi.django };
  return out;
}

/**
 * The settings in force for `file` (every path absolute): each layer, then
 * that layer's overrides entries that match the file. Without `file`, the
 * layers alone. The keys about files (root, extends, overrides, ignorePatterns,
 * dialects) are not settings and are left out.
 */
export function settingsFor(found: FoundConfig, file?: string): ConfigFile {
  let merged: ConfigFile = {};
  for (const layer of layersOf(found)) {
    merged = over(merged, absolute(layer.config, layer.dir));
    if (file !== undefined)
      for (const o of layer.config.overrides ?? []) if (overrideApplies(o, layer.dir, file)) merged = over(merged, absolute(o.config, layer.dir));
  }
  return merged;
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

/** The dialect the configurations' `dialects` globs give a file: the nearest layer's first matching glob. */
function dialectGlobs(found: FoundConfig): ((file: string) => Dialect | undefined) | undefined {
  const globs = layersOf(found)
    .slice()
    .reverse()
    .flatMap((l) => Object.entries(l.config.dialects ?? {}).map(([glob, d]) => ({ dir: l.dir, match: picomatch(glob, { dot: true }), d })));
  if (!globs.length) return undefined;
  return (file) => globs.find((g) => g.match(relTo(g.dir, file)))?.d;
}

/**
 * Rule severities by the file a finding is in, when `overrides` entries set
 * rules: the severities in force for that file (`flagRules` on top), and the
 * ids they may change.
 */
function fileRulesOf(found: FoundConfig, flagRules: Record<string, SeverityOrOff>): FileRules | undefined {
  const ids = new Set(layersOf(found).flatMap((l) => (l.config.overrides ?? []).flatMap((o) => Object.keys(o.config.rules ?? {}))));
  for (const id of Object.keys(flagRules)) ids.delete(id); // the command line decides these everywhere
  if (!ids.size) return undefined;
  const memo = new Map<string, Record<string, SeverityOrOff>>();
  return {
    ids,
    rulesFor(file) {
      let r = memo.get(file);
      if (!r) memo.set(file, (r = { ...settingsFor(found, file).rules, ...flagRules }));
      return r;
    },
  };
}

/**
 * The configuration's options for `file` (the group's first file: its
 * overrides entries apply; without it, none do); `flags` (the command line) win.
 */
export function optionsFromConfig<O extends ConfiguredOptions>(found: FoundConfig | null, flags: O, file?: string): O {
  if (!found) return flags;
  const c = settingsFor(found, file);
  const fromConfig = settingsToOptions(c, found.dir);
  const dialectOf = dialectGlobs(found);
  const merged = { ...fromConfig } as O;
  for (const [k, v] of Object.entries(flags)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  merged.rules = { ...(c.rules ?? {}), ...(flags.rules ?? {}) };
  merged.map = [...(fromConfig.map ?? []), ...(flags.map ?? [])];
  merged.extraDirectives = [...(fromConfig.extraDirectives ?? []), ...(flags.extraDirectives ?? [])];
  // --django-settings and --django-root replace those keys only, not the sites and assumptions.
  if (fromConfig.django || flags.django) merged.django = { ...fromConfig.django, ...flags.django };
  if (!flags.dialect && dialectOf) merged.dialectOf = dialectOf;
  const fileRules = fileRulesOf(found, flags.rules ?? {});
  if (fileRules) merged.fileRules = fileRules;
  return merged;
}
