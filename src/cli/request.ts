/**
 * From parsed arguments to what a lint run needs: the inputs (paths or
 * standard input), the options the command line sets (checked as the
 * configuration keys are), --max-warnings, and where configuration and
 * ignore patterns come from.
 */
import path from "node:path";
import { dialectOptions } from "../dialects/registry.js";
import { parseRuleSetting } from "../config/rule-ids.js";
import type { Profile } from "../core/settings.js";
import { UsageError } from "../core/errors.js";
import type { Severity, SeverityOrOff } from "../core/diagnostic.js";
import { ENGINE_IDS } from "../engine/engine-ids.js";
import { allRules } from "../engine/registry.js";
import type { LintOptions } from "../engine/run.js";
import { ConfigFinder, type FoundConfig } from "../config/discover.js";
import { djangoPaths } from "../config/resolve.js";
import { checkDjango, type ConfigProblem, type DjangoConfig } from "../config/schema.js";
import { FileIgnores } from "../config/ignore.js";
import { PathMap } from "../load/path-map.js";
import type { Dialect } from "../core/dialect.js";
import type { TemplateOption } from "../template/detect.js";
import { decodeBytes } from "../source/decode.js";
import { checkMaxWarnings, dashIsStdin } from "./input-checks.js";
import type { Args } from "./options.js";
import type { Io } from "./main.js";

export interface LintRequest {
  /** Paths, directories and globs as given (none with stdin). */
  paths: string[];
  /** Standard input, with the path it stands for. */
  stdin?: { file: string; bytes: Buffer };
  /** The options the command line sets (configuration files add theirs per group). */
  flags: LintOptions;
  maxWarnings: number;
  /** null with --no-config. */
  finder: ConfigFinder | null;
  /** --config FILE. */
  explicit: FoundConfig | null;
  ignores: FileIgnores;
}

/** Every id a setting may name: the rules' and the engine's. */
export const knownIds = () => [...ENGINE_IDS.map((e) => e.id), ...allRules().map((r) => r.meta.id)];

export async function lintRequest(args: Args, io: Io): Promise<LintRequest> {
  const { stdin, paths } = dashIsStdin((args._ as (string | number)[]).map(String), Boolean(args.stdin));
  const maxWarnings = checkMaxWarnings(args["max-warnings"]);
  checkInputs(args, stdin, paths);
  const flags = flagOptions(args, io.cwd);
  const stdinFile = stdin ? path.resolve(io.cwd, args["stdin-filename"] ?? "<stdin>") : undefined;
  const stdinBytes = stdinFile ? io.readStdin() : undefined;
  if (stdinFile) flags.overlay = new Map([[stdinFile, decodeBytes(stdinBytes as Buffer).text]]);
  const finder = (args.config as unknown) === false ? null : new ConfigFinder(knownIds(), (m) => io.stderr.write(`djlint-conf: warning: ${m}\n`));
  const explicit = typeof args.config === "string" ? await (finder as ConfigFinder).load(path.resolve(io.cwd, args.config)) : null;
  const ignores = new FileIgnores({ enabled: args.ignore !== false, patterns: args["ignore-pattern"], cwd: io.cwd });
  return { paths, stdin: stdinFile ? { file: stdinFile, bytes: stdinBytes as Buffer } : undefined, flags, maxWarnings, finder, explicit, ignores };
}

/** The flags that go only with paths, or only with standard input. */
function checkInputs(args: Args, stdin: boolean, paths: string[]) {
  const printing = args["print-django"] || args["print-config"] !== undefined;
  if (stdin && paths.length) throw new UsageError("--stdin lints standard input only: give no paths (use --stdin-filename to name it)");
  if (args["print-django"] && stdin) throw new UsageError("--print-django reads files: give paths, not --stdin");
  if (!stdin && !paths.length && !printing) throw new UsageError("no input: give files, directories or globs to lint");
  if (args["stdin-filename"] !== undefined && !stdin) throw new UsageError("--stdin-filename goes with --stdin");
  // yargs makes a list of a repeated --config (and of --config with --no-config): neither may be used silently.
  const config = args.config as unknown;
  if (Array.isArray(config))
    throw new UsageError(
      config.includes(false)
        ? "--config FILE and --no-config contradict each other: give one"
        : "--config is given more than once: give one file (it may extend others)",
    );
}

/** The lint options the command line sets, each checked. */
function flagOptions(args: Args, cwd: string): LintOptions {
  const known = knownIds();
  const rules: Record<string, SeverityOrOff> = {};
  for (const spec of args.rule ?? []) {
    const [id, sev] = parseRuleSetting(spec, known);
    rules[id] = sev;
  }
  const django = args["django-version"];
  if (django !== undefined && !/^\d+(\.\d+)?$/.test(django)) throw new UsageError(`--django-version expects major.minor, like 4.2 (got '${django}')`);
  for (const o of dialectOptions()) {
    const v = (args as Record<string, unknown>)[o.flag];
    if (v !== undefined && o.valid && !o.valid.pattern.test(String(v))) throw new UsageError(`--${o.flag} ${o.valid.flag} (got '${String(v)}')`);
  }
  const map = (args.map ?? []).map(PathMap.parseSpec);
  const flags: LintOptions = {
    cwd,
    dialect: args.dialect as Dialect | undefined,
    template: args.template as TemplateOption | undefined,
    map: map.length ? map : undefined,
    profile: args.profile as Profile | undefined,
    rules,
    djangoVersion: args["django-version"],
    extraDirectives: args["extra-directive"],
    overlay: undefined,
    django: djangoFromFlags(args["django-settings"], args["django-root"], cwd),
    reportUnusedDisableDirectives: unusedSeverity(
      args["report-unused-disable-directives"] as boolean | undefined,
      args["report-unused-disable-directives-severity"] as string | undefined,
    ),
  };
  for (const o of dialectOptions()) {
    const v = (args as Record<string, unknown>)[o.flag];
    if (v !== undefined) (flags as Record<string, unknown>)[o.key] = v;
  }
  return flags;
}

/** `--django-settings` and `--django-root`, checked as the configuration keys are; paths relative to the working directory. */
function djangoFromFlags(settings: string | undefined, root: string | undefined, cwd: string): DjangoConfig | undefined {
  if (settings === undefined && root === undefined) return undefined;
  const problems: ConfigProblem[] = [];
  const checked = checkDjango({ settings, root }, problems);
  if (problems.length) throw new UsageError(`--${problems[0].key.replace(".", "-")} ${problems[0].what}`);
  return djangoPaths(checked as DjangoConfig, cwd);
}

function unusedSeverity(flag: boolean | undefined, severity: string | undefined): Severity | undefined {
  if (severity === "off" || flag === false) return undefined;
  if (severity) return severity as Severity;
  return flag ? "warning" : undefined;
}
