/**
 * The client's `djlint-conf` settings (initializationOptions,
 * workspace/configuration, didChangeConfiguration), checked with the
 * configuration file's checks. A bad setting is ignored (only it: a bad rule id
 * drops that rule, not the others) and reported, so one typo does not silence
 * every file; a configuration file, by contrast, stops the CLI.
 */
import { dialectNames } from "../dialects/registry.js";
import type { SeverityOrOff } from "../core/diagnostic.js";
import { configKeys, FILE_ONLY_KEYS, inspectConfig, type ConfigProblem, type DjangoConfig } from "../config/schema.js";
import type { Dialect } from "../core/dialect.js";
import type { TemplateOption } from "../template/detect.js";

export interface ServerSettings {
  /** Delay after the last change before linting, in ms (default 150). */
  debounceMs?: number;
  /** A configuration file to use instead of the nearest one ("" or null: discover). */
  configFile?: string | null;
  /** false: use no configuration file. */
  useConfigFile?: boolean;
  rules?: Record<string, SeverityOrOff>;
  profile?: "production" | "development";
  dialect?: Dialect;
  /** FROM -> TO path map entries (TO relative to the workspace root). */
  pathMap?: Record<string, string>;
  djangoVersion?: string;
  extraDirectives?: string[];
  /** How to read templates (the configuration file's `template`). */
  template?: TemplateOption;
  /** The Django side (paths relative to the workspace root). */
  django?: DjangoConfig;
  /** Each dialect's own options (`apacheVersion`, `nginxPrefix`...), by their configuration keys. */
  [dialectKey: string]: unknown;
}

/** The configuration file's keys a client may set (not `root`, `extends`, `overrides`, `ignorePatterns` or `dialects`, which belong to files). */
const fileKeys = () => configKeys().filter((k) => !FILE_ONLY_KEYS.includes(k));
/** `trace` is the client's own (VS Code keeps `<section>.trace.server` in the section). */
const SERVER_KEYS = ["debounceMs", "configFile", "useConfigFile", "dialect", "trace"];
const SERVER_CHECKS: Record<string, (v: unknown) => string | null> = {
  debounceMs: (v) => (typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 60_000 ? null : "must be a number of milliseconds from 0 to 60000"),
  configFile: (v) => (v === null || typeof v === "string" ? null : "must be a path (or null)"),
  useConfigFile: (v) => (typeof v === "boolean" ? null : "must be true or false"),
  dialect: (v) =>
    typeof v === "string" && dialectNames().includes(v as Dialect)
      ? null
      : `must be one of ${dialectNames()
          .map((x) => `"${x}"`)
          .join(", ")} (got ${JSON.stringify(v)})`,
  trace: () => null,
};

/** The usable settings and the problems of the rest. */
export function checkSettings(raw: unknown, knownIds: string[]): { settings: ServerSettings; problems: ConfigProblem[] } {
  if (raw === undefined || raw === null) return { settings: {}, problems: [] };
  if (typeof raw !== "object" || Array.isArray(raw)) return { settings: {}, problems: [{ key: "(djlint-conf settings)", what: "must be an object" }] };
  const all = [...fileKeys(), ...SERVER_KEYS];
  const { config, problems } = inspectConfig(
    raw as Record<string, unknown>,
    knownIds,
    fileKeys(),
    SERVER_KEYS,
    `is not a djlint-conf setting (known: ${all.filter((k) => k !== "trace").join(", ")})`,
  );
  const settings: Record<string, unknown> = { ...config };
  for (const [k, check] of Object.entries(SERVER_CHECKS)) {
    const v = (raw as Record<string, unknown>)[k];
    if (v === undefined || k === "trace") continue;
    const what = check(v);
    if (what) problems.push({ key: k, what });
    else settings[k] = v;
  }
  return { settings: settings as ServerSettings, problems };
}
