/**
 * The configuration file's keys, checked with messages that name the key and
 * show a correct example (hadolint's config errors are the model). The same
 * checks serve the language server's client settings, which keep the good keys
 * and report the bad ones instead of stopping.
 */
import path from "node:path";
import { distance } from "fastest-levenshtein";
import picomatch from "picomatch";
import { UsageError } from "../core/errors.js";
import { checkRuleId, SEVERITY_SPELLINGS, severityWord } from "./rule-ids.js";
import { PROFILES, type Profile } from "../core/settings.js";
import type { SeverityOrOff } from "../core/diagnostic.js";
import type { Dialect } from "../core/dialect.js";
import type { DjangoConfig } from "../core/options.js";

export type { DjangoConfig };
import { dialectNames, dialectOptions } from "../dialects/registry.js";
import type { DialectOption } from "../dialects/plugin.js";
import { TEMPLATE_OPTIONS, type TemplateOption } from "../template/detect.js";
import { setOwn } from "../core/own.js";

export interface ConfigFile {
  /** This directory is the project root: discovery never looks above it, and configurations above are not inherited. */
  root?: boolean;
  /** Configuration files this one builds on (paths relative to it); this file's keys win. */
  extends?: string | string[];
  /** Settings for some files (globs relative to the configuration file); later entries win. */
  overrides?: OverrideEntry[];
  /** Files not to lint, in .gitignore syntax, relative to the configuration file (`ignore` is the older name). */
  ignorePatterns?: string[];
  /** Severities as written (words, `warn`, 0/1/2) are stored as words. */
  rules?: Record<string, SeverityOrOff>;
  profile?: Profile;
  /** Production prefix -> local directory, relative to the config file. */
  pathMap?: Record<string, string>;
  djangoVersion?: string;
  /** Directive names of third-party modules a site uses (for unknown-directive). */
  extraDirectives?: string[];
  /** Globs (relative to the config file) of files not to lint. */
  ignore?: string[];
  /** Glob (relative to the config file) -> dialect. */
  dialects?: Record<string, Dialect>;
  /** How to read templates: "auto" (by extension and content), "jinja", "erb" or "none". */
  template?: TemplateOption;
  /** Each dialect's own options (`apacheVersion`, `nginxPrefix`...), by their configuration keys (see the dialect plugins). */
  [dialectKey: string]: unknown;
  /** The Django side, for what cannot be found or read (rule-catalog.md, "The Django side of a deployment"). */
  django?: DjangoConfig;
}

/** An `overrides` entry: the files it applies to, and the settings it sets for them. */
export interface OverrideEntry {
  files: string[];
  excludedFiles?: string[];
  config: ConfigFile;
}

/** One bad key (or map entry, as `rules.<id>`), and what is wrong with it. */
export interface ConfigProblem {
  key: string;
  what: string;
}

const EXAMPLE = `{
  "rules": { "apache/keepalive-on": "off", "apache/legacy-access-control": "error" },
  "profile": "production",
  "pathMap": { "/usr/local/django": "./deploy" },
  "apacheVersion": "2.4",
  "ignorePatterns": ["vendor/", "build/"],
  "dialects": { "conf/*.vhost": "apache" },
  "extends": "../shared/.djlint-conf.json",
  "overrides": [{ "files": ["deploy/legacy/**"], "apacheVersion": "2.2", "rules": { "apache/legacy-access-control": "off" } }],
  "django": { "settings": "shop.settings.production", "root": "./src", "sites": [{ "names": ["shop.example.com"], "settings": "shop.settings.production" }], "assume": { "SECURE_SSL_REDIRECT": true } }
}`;

/** The keys every configuration has; each dialect adds its own options' keys (configKeys()). */
const CORE_KEYS = [
  "root",
  "extends",
  "overrides",
  "rules",
  "profile",
  "pathMap",
  "djangoVersion",
  "extraDirectives",
  "ignorePatterns",
  "ignore",
  "dialects",
  "template",
  "django",
] as const;

/** Keys about files and where configuration comes from: not in an `overrides` entry, nor in an editor's settings. */
export const FILE_ONLY_KEYS: readonly string[] = ["root", "extends", "overrides", "ignorePatterns", "ignore", "dialects"];
type CoreKey = (typeof CORE_KEYS)[number];

/** A dialect option's key in configuration files and editor settings. */
export const configKeyOf = (o: DialectOption) => o.configKey ?? o.key;

/** Every configuration key: the core ones, then each dialect's options. */
export function configKeys(): string[] {
  return [...CORE_KEYS, ...dialectOptions().map(configKeyOf)];
}

const isStringMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const oneOf = (values: readonly string[]) => (v: unknown) =>
  typeof v === "string" && values.includes(v) ? null : `must be one of ${values.map((x) => `"${x}"`).join(", ")} (got ${JSON.stringify(v)})`;
const stringList = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === "string") ? null : "must be a list of strings");
const aPath = (v: unknown) => (typeof v === "string" ? null : "must be a path");
/** .gitignore-style patterns: any non-empty line is one. */
const patternList = (v: unknown) =>
  Array.isArray(v) && v.every((x) => typeof x === "string" && x.trim() !== "")
    ? null
    : 'must be a list of strings (patterns in .gitignore syntax, like ["vendor/", "*.bak"])';

/**
 * Why a glob (relative to the configuration file) is bad, or null: an absolute
 * or `..` glob never matches a path relative to the file's directory, and an
 * unclosed bracket or brace is a typo picomatch would read as literal text.
 */
export function globProblem(g: unknown): string | null {
  if (typeof g !== "string" || g === "") return "must be a non-empty glob";
  if (path.isAbsolute(g) || g.split("/").includes(".."))
    return `must be relative to the configuration file's directory, without '..' (got ${JSON.stringify(g)})`;
  try {
    picomatch.makeRe(g, { strictBrackets: true, dot: true });
  } catch (e) {
    return `is not a valid glob (${JSON.stringify(g)}): ${(e as Error).message}`;
  }
  return null;
}

/** A dialect option's value check, from its type. */
function optionCheck(o: DialectOption): (v: unknown) => string | null {
  switch (o.type) {
    case "choice":
      return oneOf(o.choices ?? []);
    case "list":
      return stringList;
    case "path":
      return aPath;
    case "string": {
      const valid = o.valid;
      if (valid) return (v) => (typeof v === "string" && valid.pattern.test(v) ? null : valid.config);
      return (v) => (typeof v === "string" ? null : "must be a string");
    }
  }
}

/** Whole-value checks: a message, or null when the value is good. */
const VALUE_CHECKS: Partial<Record<CoreKey, (v: unknown) => string | null>> = {
  root: (v) => (typeof v === "boolean" ? null : "must be true or false"),
  profile: oneOf(PROFILES),
  djangoVersion: (v) => (typeof v === "string" && /^\d+(\.\d+)?$/.test(v) ? null : 'must be "major.minor", like "4.2"'),
  extraDirectives: stringList,
  ignorePatterns: patternList,
  ignore: patternList,
  template: oneOf(TEMPLATE_OPTIONS),
  extends: (v) =>
    (typeof v === "string" && v !== "") || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string" && x !== ""))
      ? null
      : 'must be a path to a configuration file, or a list of them, like "../.djlint-conf.json"',
};

const DJANGO_KEYS = ["settings", "root", "sites", "assume", "trustedFront"];
/** A dotted module name, or a path to a `.py` file. */
const SETTINGS_TARGET = /^(?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*|.*\.py)$/;
const settingsTarget = (v: unknown) =>
  typeof v === "string" && (SETTINGS_TARGET.test(v) || v.includes("/"))
    ? null
    : `must be a dotted settings module ("shop.settings") or a settings file ("src/shop/settings.py") (got ${JSON.stringify(v)})`;

const isStrings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === "string");
const orNull = (ok: (v: unknown) => boolean) => (v: unknown) => v === null || ok(v);
const isString = (v: unknown) => typeof v === "string";
const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
/**
 * The settings the django/* rules read (the model's RULE_SETTINGS), with the kind of value Django takes for
 * each: an assumption of another kind (`"DEBUG": "false"`, `"ALLOWED_HOSTS": "shop.example.com"`) or a near miss of
 * one of these names (`SECURE_PROXY_SSL_HEADERS`) would change nothing, silently, so it is a mistake to report.
 */
export const ASSUMABLE_SETTINGS: Record<string, [kind: string, ok: (v: unknown) => boolean]> = {
  DEBUG: ["true or false", (v) => typeof v === "boolean"],
  SECURE_SSL_REDIRECT: ["true or false", (v) => typeof v === "boolean"],
  USE_X_FORWARDED_HOST: ["true or false", (v) => typeof v === "boolean"],
  ALLOWED_HOSTS: ['a list of host names, like ["shop.example.com"]', isStrings],
  MIDDLEWARE: ["a list of dotted middleware paths", isStrings],
  MIDDLEWARE_CLASSES: ["a list of dotted middleware paths", isStrings],
  INSTALLED_APPS: ["a list of dotted app names", isStrings],
  SECURE_PROXY_SSL_HEADER: [
    'a pair of header and value, like ["HTTP_X_FORWARDED_PROTO", "https"], or null',
    orNull((v) => isStrings(v) && (v as string[]).length === 2),
  ],
  SECURE_HSTS_SECONDS: ["a whole number of seconds (0: no header)", (v) => Number.isInteger(v) && (v as number) >= 0],
  STATIC_URL: ["a string or null", orNull(isString)],
  STATIC_ROOT: ["a path or null", orNull(isString)],
  MEDIA_URL: ["a string", isString],
  MEDIA_ROOT: ["a path", isString],
  FORCE_SCRIPT_NAME: ["a string or null", orNull(isString)],
  ASGI_APPLICATION: ["a dotted path or null", orNull(isString)],
  WSGI_APPLICATION: ["a dotted path or null", orNull(isString)],
  ROOT_URLCONF: ["a dotted module", isString],
  STATICFILES_STORAGE: ["a dotted class path", isString],
  DEFAULT_FILE_STORAGE: ["a dotted class path", isString],
  STORAGES: ['an object like { "staticfiles": { "BACKEND": "..." } }', isObject],
  CHANNEL_LAYERS: ["an object", isObject],
  REST_FRAMEWORK: ["an object", isObject],
};

/** Django settings a letter or two away from one the rules read, which a team may state for its own reasons. */
const NEAR_BUT_REAL = new Set(["USE_X_FORWARDED_PORT"]);

function assumedValueProblem(name: string, value: unknown): string | null {
  const known = ASSUMABLE_SETTINGS[name];
  if (!known) {
    // Any other Django setting may be stated (it changes nothing); a near miss of one the rules read is a typo that
    // would leave the intended setting unknown, silently.
    const meant = NEAR_BUT_REAL.has(name) ? undefined : Object.keys(ASSUMABLE_SETTINGS).find((k) => distance(k, name) <= 2);
    return meant ? `is not a setting the django/* rules read: did you mean ${meant}?` : null;
  }
  return known[1](value) ? null : `must be ${known[0]}, as in the settings module (got ${JSON.stringify(value)})`;
}

/** Each `django.*` key checked alone; a bad one is reported as `django.<key>` (or `django.sites[i].names`) and dropped. */
export function checkDjango(v: unknown, problems: ConfigProblem[]): DjangoConfig | null {
  if (!isStringMap(v)) {
    problems.push({ key: "django", what: 'must be an object, like { "settings": "shop.settings", "root": "./src" }' });
    return null;
  }
  const out: DjangoConfig = {};
  for (const k of Object.keys(v))
    if (!DJANGO_KEYS.includes(k)) problems.push({ key: `django.${k}`, what: `is not a django key (known: ${DJANGO_KEYS.join(", ")})` });
  const bad = (key: string, what: string | null) => (what ? (problems.push({ key, what }), true) : false);
  if (v.settings !== undefined && !bad("django.settings", settingsTarget(v.settings))) out.settings = v.settings as string;
  if (v.root !== undefined && !bad("django.root", typeof v.root === "string" && v.root !== "" ? null : "must be a directory path")) out.root = v.root as string;
  if (v.sites !== undefined) {
    if (!Array.isArray(v.sites)) bad("django.sites", 'must be a list of { "names": [...], "settings": "..." }');
    else {
      out.sites = [];
      v.sites.forEach((site: unknown, i: number) => {
        const key = `django.sites[${i}]`;
        if (!isStringMap(site)) return bad(key, 'must be an object like { "names": ["shop.example.com"], "settings": "shop.settings" }');
        const extra = Object.keys(site).filter((k) => k !== "names" && k !== "settings");
        if (extra.length) return bad(`${key}.${extra[0]}`, "is not a site key (known: names, settings)");
        const names = site.names;
        if (
          bad(
            `${key}.names`,
            Array.isArray(names) && names.length > 0 && names.every((n) => typeof n === "string" && n !== "")
              ? null
              : "must be a non-empty list of server names or addresses",
          )
        )
          return;
        if (bad(`${key}.settings`, settingsTarget(site.settings))) return;
        out.sites?.push({ names: names as string[], settings: site.settings as string });
      });
    }
  }
  if (v.assume !== undefined) {
    if (!isStringMap(v.assume)) bad("django.assume", 'must map setting names to values, like { "SECURE_SSL_REDIRECT": true }');
    else {
      out.assume = {};
      for (const [name, value] of Object.entries(v.assume)) {
        if (
          bad(
            `django.assume.${name}`,
            /^[A-Z][A-Z0-9_]*$/.test(name) ? null : "is not a Django setting name (settings are upper case, like SECURE_SSL_REDIRECT)",
          ) ||
          bad(`django.assume.${name}`, assumedValueProblem(name, value))
        )
          continue;
        out.assume[name] = value;
      }
    }
  }
  if (v.trustedFront !== undefined) {
    const t = v.trustedFront;
    const ok = t === true || (Array.isArray(t) && t.length > 0 && t.every((n) => typeof n === "string" && n !== ""));
    if (
      !bad(
        "django.trustedFront",
        ok
          ? null
          : 'must be true (every site is behind a front that sets or strips X-Forwarded-Proto) or a non-empty list of server names, like ["shop.example.com"]',
      )
    )
      out.trustedFront = t === true ? true : (t as string[]).map((n) => n.toLowerCase());
  }
  return out;
}

/** Map keys: the map must map strings to strings; each entry is checked alone and a bad one is dropped. */
const ENTRY_CHECKS: Partial<Record<CoreKey, (name: string, v: string, knownIds: string[]) => string | null>> = {
  pathMap: () => null,
  dialects: (glob, d) =>
    globProblem(glob) ??
    (dialectNames().includes(d as Dialect)
      ? null
      : `must be one of ${dialectNames()
          .map((x) => `"${x}"`)
          .join(", ")}`),
};

/** `rules`: each id checked alone (a bad one reported as `rules.<id>` and dropped); severities stored as words. */
function checkRules(v: unknown, knownIds: string[], problems: ConfigProblem[]): Record<string, SeverityOrOff> | null {
  if (!isStringMap(v)) {
    problems.push({ key: "rules", what: 'must map rule ids to severities, like { "apache/keepalive-on": "off" }' });
    return null;
  }
  const out: Record<string, SeverityOrOff> = {};
  for (const [id, given] of Object.entries(v)) {
    try {
      checkRuleId(id, knownIds);
    } catch (e) {
      problems.push({ key: `rules.${id}`, what: (e as Error).message.replace(/^unknown rule id '[^']*'/, "is not a rule id") });
      continue;
    }
    const sev = severityWord(given);
    if (sev) out[id] = sev;
    else problems.push({ key: `rules.${id}`, what: `must be one of ${SEVERITY_SPELLINGS} (got ${JSON.stringify(given)})` });
  }
  return out;
}

const globList = (v: unknown) => {
  const list = typeof v === "string" ? [v] : v;
  if (!Array.isArray(list) || list.length === 0) return { what: 'must be a glob or a non-empty list of globs, like ["deploy/legacy/**"]' };
  for (const [i, g] of list.entries()) {
    const what = globProblem(g);
    if (what) return { what, index: i };
  }
  return { globs: list as string[] };
};

/** `overrides`: a list of `{ files, excludedFiles?, ...settings }`, each checked as a configuration of its own; a bad entry is dropped. */
function checkOverrides(v: unknown, knownIds: string[], problems: ConfigProblem[]): OverrideEntry[] | null {
  if (!Array.isArray(v)) {
    problems.push({ key: "overrides", what: 'must be a list of { "files": [globs], ...settings }' });
    return null;
  }
  const settingKeys = configKeys().filter((k) => !FILE_ONLY_KEYS.includes(k));
  const out: OverrideEntry[] = [];
  v.forEach((entry: unknown, i: number) => {
    const at = `overrides[${i}]`;
    if (!isStringMap(entry)) return problems.push({ key: at, what: 'must be an object like { "files": ["deploy/legacy/**"], "rules": { ... } }' });
    const globsOf = (k: "files" | "excludedFiles") => {
      const r = globList(entry[k]);
      if (r.globs) return r.globs;
      problems.push({ key: r.index === undefined || !Array.isArray(entry[k]) ? `${at}.${k}` : `${at}.${k}[${r.index}]`, what: r.what as string });
      return null;
    };
    if (entry.files === undefined)
      return problems.push({ key: `${at}.files`, what: "is required: the globs (relative to the configuration file) the entry applies to" });
    const files = globsOf("files");
    const excluded = entry.excludedFiles === undefined ? [] : globsOf("excludedFiles");
    const rest = Object.fromEntries(Object.entries(entry).filter(([k]) => k !== "files" && k !== "excludedFiles"));
    const inner = inspectConfig(rest, knownIds, settingKeys, [], `is not a key of an overrides entry (known: files, excludedFiles, ${settingKeys.join(", ")})`);
    for (const p of inner.problems) problems.push({ key: `${at}.${p.key}`, what: p.what });
    if (files && excluded && !inner.problems.length) out.push({ files, ...(excluded.length ? { excludedFiles: excluded } : {}), config: inner.config });
  });
  return out;
}

/** Every whole-value check, the dialects' options' included. */
function valueChecks(): Map<string, (v: unknown) => string | null> {
  const out = new Map(Object.entries(VALUE_CHECKS));
  for (const o of dialectOptions()) out.set(configKeyOf(o), optionCheck(o));
  return out;
}

/**
 * The good part of `raw` and the problems of the rest. `keys` are the keys
 * checked here; `alsoKnown` are keys the caller checks itself (not reported
 * as unknown); any other key is reported as unknown.
 */
export function inspectConfig(
  raw: Record<string, unknown>,
  knownIds: string[],
  keys: readonly string[] = configKeys(),
  alsoKnown: readonly string[] = [],
  unknownWhat = `is not a configuration key (known keys: ${configKeys().join(", ")})`,
): { config: ConfigFile; problems: ConfigProblem[] } {
  const checks = valueChecks();
  const config: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  for (const k of Object.keys(raw)) if (!keys.includes(k) && !alsoKnown.includes(k)) problems.push({ key: k, what: unknownWhat });
  for (const k of keys) {
    const v = raw[k];
    if (v === undefined) continue;
    if (k === "django") {
      const django = checkDjango(v, problems);
      if (django) config.django = django;
      continue;
    }
    if (k === "rules" || k === "overrides") {
      const good = k === "rules" ? checkRules(v, knownIds, problems) : checkOverrides(v, knownIds, problems);
      if (good) config[k] = good;
      continue;
    }
    const entryCheck = ENTRY_CHECKS[k as CoreKey];
    if (entryCheck) {
      if (!isStringMap(v)) {
        problems.push({ key: k, what: "must map strings to strings" });
        continue;
      }
      const good: Record<string, string> = {};
      if (Object.values(v).some((x) => typeof x !== "string")) problems.push({ key: k, what: "must map strings to strings" });
      for (const [name, x] of Object.entries(v)) {
        if (typeof x !== "string") continue;
        const what = entryCheck(name, x, knownIds);
        if (what) problems.push({ key: `${k}.${name}`, what });
        else setOwn(good, name, x);
      }
      config[k] = good;
      continue;
    }
    const what = checks.get(k)?.(v) ?? null;
    if (what) problems.push({ key: k, what });
    else config[k] = v;
  }
  return { config: config as ConfigFile, problems };
}

/**
 * A mistake in a configuration file, at a key: a usage error whose message
 * names the file, the position of the key when it is known, and the key.
 */
export class ConfigError extends UsageError {
  constructor(
    readonly file: string,
    readonly key: string,
    readonly what: string,
    readonly at?: { line: number; col: number },
    example = true,
  ) {
    super(`${file}${at ? `:${at.line}:${at.col}` : ""}: "${key}" ${what}${example ? `\nA valid configuration looks like:\n${EXAMPLE}` : ""}`);
  }
}

/** A configuration file's content, or a ConfigError naming its first bad key. */
export function validateConfig(raw: unknown, file: string, knownIds: string[]): ConfigFile {
  if (!isStringMap(raw)) throw new ConfigError(file, "(top level)", "must be an object");
  const { config, problems } = inspectConfig(raw, knownIds);
  if (problems.length) throw new ConfigError(file, problems[0].key, problems[0].what);
  return config;
}
