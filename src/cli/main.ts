/**
 * The djlint-conf command: parse arguments, lint, print, exit with
 * 0 (no error-severity finding, warnings within --max-warnings),
 * 1 (findings) or 2 (usage error or internal error).
 */
import fs from "node:fs";
import path from "node:path";
import yargs, { type Argv } from "yargs";
import pkg from "../../package.json" with { type: "json" };
import { dialectNames, dialectOptions } from "../dialects/registry.js";
import type { DialectOption } from "../dialects/plugin.js";
import { expandInputs } from "../discover/inputs.js";
import { checkRuleId, parseRuleSetting } from "../config/rule-ids.js";
import { PROFILES, type Profile } from "../core/settings.js";
import { UsageError } from "../core/errors.js";
import type { Severity, SeverityOrOff } from "../core/diagnostic.js";
import { ENGINE_IDS, INTERNAL_ERROR } from "../engine/engine-ids.js";
import { allRules } from "../engine/registry.js";
import { lintFiles, type LintOptions, type LintResult } from "../engine/run.js";
import { ConfigFinder, type FoundConfig } from "../config/discover.js";
import type { PrintedDjango } from "../model/django/print.js";
import { docsUrl, rulePage } from "../docs/pages.js";
import { djangoPaths, groupByConfig, optionsFromConfig } from "../config/resolve.js";
import { checkDjango, type ConfigProblem, type DjangoConfig } from "../config/schema.js";
import { runFix } from "../fix/run-fix.js";
import { describeWriteError, writeOutput } from "../fix/write.js";
import { PathMap } from "../load/path-map.js";
import type { Dialect } from "../core/dialect.js";
import { FORMATTERS, FORMAT_NAMES } from "../formatters/index.js";
import { counts, visible } from "../formatters/types.js";
import { decodeBytes } from "../source/decode.js";
import { colorLevel } from "./color.js";
import { TEMPLATE_OPTIONS, type TemplateOption } from "../template/detect.js";
import { unreadableNote } from "../load/unreadable.js";

/** Formats whose report carries the run's note on unreadable production paths (stylish's last line, SARIF's notifications). */
const NOTE_IN_REPORT = new Set(["stylish", "sarif"]);
import { fixSelection } from "./fix-options.js";
import { DEFAULT_CACHE_FILE, LintCache } from "./cache.js";
import { reportNamed, serverContext } from "./server-context.js";
import { checkMaxWarnings, dashIsStdin, nothingToLint, usageMessage } from "./input-checks.js";

export interface Io {
  stdout: { write(s: string | Uint8Array): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Bytes: --stdin --fix prints them back, changed only where fixed. */
  readStdin(): Buffer;
}

const processIo: Io = {
  stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(),
  readStdin: () => fs.readFileSync(0),
};

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const parser = withDialectOptions(yargs(argv)
    .scriptName("djlint-conf")
    .usage("$0 [paths..]\n\nLint Apache httpd, nginx and lighttpd configurations for the pitfalls of Django deployments.\nPaths may be files, directories (searched for *.conf, .htaccess, sites-enabled/...) or globs.")
    .option("format", { alias: "f", choices: FORMAT_NAMES, default: "stylish", describe: "Output format" })
    .option("dialect", { choices: dialectNames() as string[], describe: "Treat every input as this server's config (default: detect by name, then content)" })
    .option("template", { choices: TEMPLATE_OPTIONS as string[], describe: "Read inputs as Jinja2 (Ansible, Salt) or ERB/EPP (Chef, Puppet) templates, or never (default auto: .j2, .jinja, .erb, .epp... and content full of {{ }} / {% %})" })
    .option("map", MAP_OPTION))
    .option("django-version", { type: "string", describe: "Django version the site runs, major.minor (default: a current Django)" })
    .option("django-settings", { type: "string", describe: "The Django settings the site runs: a dotted module (shop.settings.production) or a settings file" })
    .option("django-root", { type: "string", describe: "The Django project directory (the one on sys.path, holding manage.py), when the linter cannot find it" })
    .option("extra-directive", { type: "string", array: true, nargs: 1, describe: "A directive or option name a third-party module provides, never unknown-directive (repeatable)" })
    .option("profile", { choices: PROFILES as string[], describe: "production (default) or development, which quiets the rules that only matter in production" })
    .option("config", { alias: "c", type: "string", describe: "Use this configuration file (--no-config: use none; default: the nearest one above each file, up to the project root)" })
    .option("rule", { type: "string", array: true, nargs: 1, describe: "Set a rule's severity: ID=off|info|warning|error (repeatable)" })
    .option("report-all", { type: "boolean", describe: "Also report the findings in the other files of the servers the named files belong to (their main configurations are always linted with them)" })
    .option("quiet", { alias: "q", type: "boolean", default: false, describe: "Report errors only" })
    .option("max-warnings", { type: "number", default: -1, describe: "Exit 1 when there are more warnings than this (-1: no limit)" })
    .option("error-on-unmatched-pattern", { type: "boolean", default: true, describe: "An input that matches no file is an error (--no-error-on-unmatched-pattern: skip it)" })
    .option("fix", { type: "boolean", describe: "Apply the rules' safe fixes to the files named (not to files they include), then report what remains" })
    .option("fix-dry-run", { type: "boolean", describe: "Show the fixes as a unified diff without writing anything" })
    .option("unsafe-fixes", { type: "boolean", describe: "With --fix or --fix-dry-run: apply unsafe fixes too (they may change what a working site does)" })
    .option("fix-rule", { type: "string", array: true, nargs: 1, describe: "With --fix or --fix-dry-run: apply only this rule's fixes (repeatable)" })
    .option("cache", { type: "boolean", describe: "Keep results between runs: servers whose files (includes, Django settings...), deployed paths, configuration and options are unchanged are not linted again (not with --fix, --fix-dry-run or --stdin)" })
    .option("cache-location", { type: "string", describe: `With --cache: the cache file, or a directory to keep ${DEFAULT_CACHE_FILE} in (default: ${DEFAULT_CACHE_FILE} in the working directory)` })
    .option("stdin", { type: "boolean", describe: "Lint text from standard input; with --fix, print the fixed text" })
    .option("stdin-filename", { type: "string", describe: "The path standard input stands for (names it in the report, resolves its includes)" })
    .option("explain", { type: "string", describe: "Print a rule's documentation and exit" })
    .option("report-unused-disable-directives", { type: "boolean", describe: "Report suppression comments that suppress nothing" })
    .option("report-unused-disable-directives-severity", { choices: ["off", "info", "warning", "error"], describe: "Severity of those reports (default warning; also turns them on)" })
    .option("print-django", { type: "boolean", describe: "Print, as JSON, what the linter reads of the Django side of the paths (projects, settings, app servers, the sites tied to them, what it could not find) and exit" })
    .option("list-rules", { type: "boolean", describe: "List every rule with its default severity and exit" })
    .option("output-file", { alias: "o", type: "string", describe: "Write the report to this file instead of standard output" })
    .option("color", { type: "boolean", describe: "Force colour on (--color) or off (--no-color); NO_COLOR and FORCE_COLOR are honoured" })
    .option("lsp", { type: "boolean", describe: "Run as a Language Server over stdio (editor diagnostics, quick fixes, hover)" })
    .option("stdio", { type: "boolean", hidden: true, describe: "With --lsp: talk over stdio (the default; editors pass it)" })
    .example("$0 /etc/apache2/apache2.conf", "Lint a server and every file it includes")
    .example("$0 --map /usr/local/django=./deploy deploy/apache/httpd.conf", "Read production paths from the repository")
    .example("$0 -f json 'conf/**/*.conf'", "ESLint-style JSON for a glob")
    .epilogue("Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage or internal error.")
    .strictOptions()
    .version(pkg.version)
    .alias("h", "help")
    .alias("v", "version")
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });

  let args: Awaited<ReturnType<typeof parser.parse>>;
  let output = "";
  parser.showHelpOnFail(false);
  try {
    args = await parser.parse(argv, {}, (_err, _a, out) => {
      output = out;
    });
  } catch (e) {
    if (e instanceof UsageError || (e as Error).name === "YError") {
      io.stderr.write(`djlint-conf: ${usageMessage((e as Error).message)}\nRun 'djlint-conf --help' for usage.\n`);
      return 2;
    }
    throw e;
  }
  if (args.help || args.version) {
    io.stdout.write(output + "\n");
    return 0;
  }

  if (args.lsp || args.stdio) {
    const { startLspServer } = await import("../lsp/server.js");
    startLspServer();
    // The server runs until the client sends exit (or closes the stream); it ends the process itself.
    return new Promise<number>(() => {});
  }
  if (args["list-rules"]) {
    io.stdout.write(listRules());
    return 0;
  }
  if (args.explain !== undefined) {
    try {
      io.stdout.write(explain(args.explain));
      return 0;
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      io.stderr.write(`djlint-conf: ${e.message}\n`);
      return 2;
    }
  }

  try {
    const { stdin, paths } = dashIsStdin((args._ as (string | number)[]).map(String), Boolean(args.stdin));
    const maxWarnings = checkMaxWarnings(args["max-warnings"]);
    if (stdin && paths.length) throw new UsageError("--stdin lints standard input only: give no paths (use --stdin-filename to name it)");
    if (args["print-django"] && stdin) throw new UsageError("--print-django reads files: give paths, not --stdin");
    if (!stdin && !paths.length && !args["print-django"]) throw new UsageError("no input: give files, directories or globs to lint");
    if (args["stdin-filename"] !== undefined && !stdin) throw new UsageError("--stdin-filename goes with --stdin");
    const known = [...ENGINE_IDS.map((e) => e.id), ...allRules().map((r) => r.meta.id)];
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
    const djangoFlags = djangoFromFlags(args["django-settings"], args["django-root"], io.cwd);
    const stdinFile = stdin ? path.resolve(io.cwd, args["stdin-filename"] ?? "<stdin>") : undefined;
    const stdinBytes = stdinFile ? io.readStdin() : undefined;
    const overlay = stdinFile ? new Map([[stdinFile, decodeBytes(stdinBytes as Buffer).text]]) : undefined;
    const flags: LintOptions = {
      cwd: io.cwd,
      dialect: args.dialect as Dialect | undefined,
      template: args.template as TemplateOption | undefined,
      map: map.length ? map : undefined,
      profile: args.profile as Profile | undefined,
      rules,
      djangoVersion: args["django-version"],
      extraDirectives: args["extra-directive"],
      overlay,
      django: djangoFlags,
      reportUnusedDisableDirectives: unusedSeverity(args["report-unused-disable-directives"] as boolean | undefined, args["report-unused-disable-directives-severity"] as string | undefined),
    };
    for (const o of dialectOptions()) {
      const v = (args as Record<string, unknown>)[o.flag];
      if (v !== undefined) (flags as Record<string, unknown>)[o.key] = v;
    }
    const finder = (args.config as unknown) === false ? null : new ConfigFinder(known, (m) => io.stderr.write(`djlint-conf: warning: ${m}\n`));
    const explicit = typeof args.config === "string" ? await (finder as ConfigFinder).load(path.resolve(io.cwd, args.config)) : null;
    if (args["print-django"]) {
      io.stdout.write(JSON.stringify(await printDjangoSide(paths, io.cwd, flags, finder, explicit), null, 2) + "\n");
      return 0;
    }
    const files = stdinFile ? [stdinFile] : expandInputs(paths, io.cwd, { errorOnUnmatched: args["error-on-unmatched-pattern"] });
    const fixing = Boolean(args.fix || args["fix-dry-run"]);
    const select = fixSelection({ fix: args.fix, fixDryRun: args["fix-dry-run"], unsafeFixes: args["unsafe-fixes"], fixRule: args["fix-rule"] });
    const runs: LintResult[] = [];
    let fixFailed = false;
    const ignored: string[] = [];
    const cache = args.cache && !fixing && !stdinFile ? LintCache.open(args["cache-location"], io) : null;
    const groups = await groupByConfig(files, finder, explicit, ignored);
    if (nothingToLint(groups, ignored, paths, args["error-on-unmatched-pattern"])) return 0;
    for (const group of groups) {
      if (!group.files.length) continue;
      const lintOptions = optionsFromConfig(group.config, flags);
      const context = await serverContext(group.files, lintOptions, finder);
      const report = (r: LintResult) => (args["report-all"] ? r : reportNamed(r, context));
      if (!fixing) {
        runs.push(report(cache ? cache.lint(context.inputs, lintOptions, group.config) : lintFiles(context.inputs, lintOptions)));
        continue;
      }
      const fixed = runFix(context.inputs, lintOptions, {
        named: group.files,
        dryRun: Boolean(args["fix-dry-run"]), quiet: Boolean(args.quiet), cwd: io.cwd,
        stdin: stdinFile ? { file: stdinFile, bytes: stdinBytes as Buffer } : undefined, select,
        out: (s) => io.stdout.write(s), err: (s) => io.stderr.write(s),
        // A machine-readable report owns standard output: the diff goes to stderr.
        diff: (s) => (args.format === "stylish" || args["output-file"] ? io.stdout : io.stderr).write(s),
      });
      runs.push(report(fixed.run));
      fixFailed ||= fixed.failed;
    }
    cache?.save();
    const run = mergeRuns(runs);
    if (args.quiet) for (const r of run.results) r.messages = r.messages.filter((m) => m.severity === "error");
    else for (const s of run.skipped) io.stderr.write(`djlint-conf: skipped ${visible(s.filePath)}: ${visible(s.reason)}\n`);
    // The formats that have a place for a run-level note carry it; the others (ESLint's JSON array...) leave it to stderr.
    if (run.unreadable?.length && !args.quiet && !NOTE_IN_REPORT.has(args.format as string)) io.stderr.write(`djlint-conf: note: ${visible(unreadableNote(run.unreadable))}\n`);

    const outputFile = args["output-file"] as string | undefined;
    const level = outputFile ? 0 : colorLevel(args.color, io.env, Boolean(io.stdout.isTTY));
    const text = FORMATTERS[args.format as string](run, { cwd: io.cwd, colorLevel: level, docsUrl, docsPage: rulePage, version: pkg.version });
    const report = text && !text.endsWith("\n") ? text + "\n" : text;
    if (outputFile) writeReport(path.resolve(io.cwd, outputFile), report);
    // With --stdin --fix, standard output carries the fixed text: the report goes to stderr.
    else if (report) (stdinFile && args.fix && !args["fix-dry-run"] ? io.stderr : io.stdout).write(report);

    const { errorCount, warningCount } = counts(run.results.flatMap((r) => r.messages));
    // A file --fix could not write, or a rule that failed (an internal-error finding), was reported above; the run failed.
    if (fixFailed || run.results.some((r) => r.messages.some((m) => m.ruleId === INTERNAL_ERROR))) return 2;
    if (errorCount > 0) return 1;
    if (maxWarnings >= 0 && warningCount > maxWarnings) {
      io.stderr.write(`djlint-conf found too many warnings (maximum: ${maxWarnings}).\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`djlint-conf: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/**
 * `--print-django [paths]`: the Django side of the paths, read as a lint reads
 * it (the servers' models, for the sites) with every rule off. A directory
 * that holds no server configuration is a place to look for `manage.py`;
 * no path means the working directory.
 */
async function printDjangoSide(paths: string[], cwd: string, flags: LintOptions, finder: ConfigFinder | null, explicit: FoundConfig | null): Promise<PrintedDjango> {
  const files: string[] = [];
  const searchFrom: string[] = [];
  for (const p of paths.length ? paths : ["."]) {
    const abs = path.resolve(cwd, p);
    let isDir = false;
    try {
      isDir = fs.statSync(abs).isDirectory();
    } catch {
      // not there: expandInputs says so (or takes it as a glob)
    }
    if (!isDir) for (const f of expandInputs([p], cwd)) files.push(f);
    else {
      searchFrom.push(abs);
      try {
        for (const f of expandInputs([p], cwd)) files.push(f); // a spread of 100,000 paths overflows the stack
      } catch (e) {
        if (!(e instanceof UsageError)) throw e; // no configuration in it: still a place to find the project
      }
    }
  }
  const out: PrintedDjango = { projects: [], notFound: [] };
  const groups = files.length ? await groupByConfig(files, finder, explicit) : [{ config: explicit ?? (await finder?.forFile(path.join(searchFrom[0], "."))) ?? null, files: [] }];
  for (const g of groups) {
    const r = lintFiles(g.files, { ...optionsFromConfig(g.config, flags), only: [], readDjango: true, searchFrom });
    for (const p of r.djangoPrint?.projects ?? []) out.projects.push(p);
    for (const n of r.djangoPrint?.notFound ?? []) out.notFound.push(n);
  }
  return out;
}

/** `--django-settings` and `--django-root`, checked as the configuration keys are; paths relative to the working directory. */
function djangoFromFlags(settings: string | undefined, root: string | undefined, cwd: string): DjangoConfig | undefined {
  if (settings === undefined && root === undefined) return undefined;
  const problems: ConfigProblem[] = [];
  const checked = checkDjango({ settings, root }, problems);
  if (problems.length) throw new UsageError(`--${problems[0].key.replace(".", "-")} ${problems[0].what}`);
  return djangoPaths(checked as DjangoConfig, cwd);
}

const MAP_OPTION = { type: "string", array: true, nargs: 1, describe: "Read server path FROM from local TO (FROM=TO, repeatable)" } as const;

/** Each dialect's own options (--server-root, --nginx-prefix ...), in --help after --map. */
function withDialectOptions<T>(parser: Argv<T>): Argv<T> {
  for (const o of dialectOptions()) parser.option(o.flag, flagOf(o));
  return parser;
}

/** A dialect option as a yargs option. */
function flagOf(o: DialectOption) {
  switch (o.type) {
    case "choice":
      return { choices: o.choices as string[], describe: o.describe };
    case "list":
      return { type: "string" as const, array: true, nargs: 1, describe: o.describe };
    default:
      return { type: "string" as const, describe: o.describe };
  }
}

function unusedSeverity(flag: boolean | undefined, severity: string | undefined): Severity | undefined {
  if (severity === "off" || flag === false) return undefined;
  if (severity) return severity as Severity;
  return flag ? "warning" : undefined;
}

/** One report for a run that spanned several configurations. */
function mergeRuns(runs: LintResult[]): LintResult {
  const byFile = new Map<string, LintResult["results"][number]>();
  for (const r of runs) for (const f of r.results) if (!byFile.has(f.filePath)) byFile.set(f.filePath, f);
  const unreadable = [...new Set(runs.flatMap((r) => r.unreadable ?? []))].sort();
  return {
    results: [...byFile.values()].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0)),
    skipped: runs.flatMap((r) => r.skipped),
    rules: runs[0]?.rules ?? allRules().map((r) => r.meta),
    ...(unreadable.length ? { unreadable } : {}),
    servers: runs.flatMap((r) => r.servers ?? []),
    textOf: (f) => runs.reduce<string | undefined>((t, r) => t ?? r.textOf?.(f), undefined),
  };
}

/** `--explain ID`: the rule's generated page, or for engine ids their summary. */
function explain(id: string): string {
  const known = [...ENGINE_IDS.map((e) => e.id), ...allRules().map((r) => r.meta.id)];
  checkRuleId(id, known);
  const page = rulePage(id);
  if (page !== undefined) return page;
  const rule = allRules().find((r) => r.meta.id === id);
  if (rule) return `# ${id}\n\nDefault severity: ${rule.meta.severity}\n\n${rule.meta.summary}.\n\n${rule.meta.rationale}\n`;
  const e = ENGINE_IDS.find((x) => x.id === id)!;
  return `# ${id}\n\nDefault severity: ${e.severity}\n\n${e.summary}.\n`;
}

/** A report file is written whole or not at all; a device or FIFO is written to, never replaced (src/fix/write.ts). */
function writeReport(file: string, text: string) {
  try {
    writeOutput(file, text);
  } catch (e) {
    const why = describeWriteError(e);
    if (why === null) throw e;
    throw new UsageError(`cannot write ${file}: ${why}`);
  }
}

/** Every id with its default severity, whether it fixes, and what it finds. */
export function listRules(): string {
  const rows = [
    ...allRules().map((r) => [r.meta.id, r.meta.severity, r.meta.fix ? (r.meta.fix.safety === "safe" ? "fix" : "unsafe-fix") : "", r.meta.summary]),
    ...ENGINE_IDS.map((e) => [e.id, e.severity, "", e.summary]),
  ].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2].padEnd(w[2])}  ${r[3]}`.replace(/\s+$/, "")).join("\n") + "\n";
}

/** Internal errors are bugs: one clear line, the stack only with DEBUG set, exit 2. */
export function reportInternalError(e: unknown, env: NodeJS.ProcessEnv = process.env, stderr: { write(s: string): unknown } = process.stderr): number {
  const err = e as Error;
  stderr.write(`djlint-conf: internal error: ${err?.message ?? String(e)} (this is a bug in djlint-conf; set DEBUG=1 for details)\n`);
  if (env.DEBUG && err?.stack) stderr.write(err.stack + "\n");
  return 2;
}
