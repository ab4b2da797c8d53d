/**
 * The djlint-conf command: parse arguments (options.ts), take the inputs and
 * options (request.ts), lint (lint-run.ts), report and exit (report.ts) with
 * 0 (no error-severity finding, warnings within --max-warnings),
 * 1 (findings) or 2 (usage error or internal error).
 */
import fs from "node:fs";
import path from "node:path";
import { LintCache } from "./cache.js";
import { expandInputs } from "../discover/inputs.js";
import { checkRuleId } from "../config/rule-ids.js";
import { UsageError } from "../core/errors.js";
import { ENGINE_IDS } from "../engine/engine-ids.js";
import { allRules } from "../engine/registry.js";
import type { LintOptions } from "../engine/run.js";
import { lintInput } from "../api/lint.js";
import { timing, timingLimit } from "../engine/timing.js";
import type { ConfigFinder, FoundConfig } from "../config/discover.js";
import type { PrintedDjango } from "../model/django/print.js";
import { rulePage } from "../docs/pages.js";
import { groupByConfig, layersOf, optionsFromConfig, settingsFor } from "../config/resolve.js";
import { configKeyOf, type ConfigFile } from "../config/schema.js";
import { dialectOptions } from "../dialects/registry.js";
import { fixSelection } from "./fix-options.js";
import { parseArgs, type Args } from "./options.js";
import { lintRequest, type LintRequest } from "./request.js";
import { lintRequested, type LintMode } from "./lint-run.js";
import { exitCode, printReport } from "./report.js";
import { endWhenReaderGoes, stderr, stdout } from "./stdio.js";

export interface Io {
  stdout: { write(s: string | Uint8Array): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Bytes: --stdin --fix prints them back, changed only where fixed. */
  readStdin(): Buffer;
}

const processIo: Io = {
  stdout,
  stderr,
  env: process.env,
  cwd: process.cwd(),
  readStdin: () => fs.readFileSync(0),
};

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const args = await parseArgs(argv, io);
  if (typeof args === "number") return args;
  if (args.lsp || args.stdio) {
    const { startLspServer } = await import("../lsp/server.js");
    endWhenReaderGoes();
    startLspServer();
    // The server runs until the client sends exit (or closes the stream); it ends the process itself.
    return new Promise<number>(() => {});
  }
  try {
    if (args["list-rules"]) {
      io.stdout.write(listRules());
      return 0;
    }
    if (args.explain !== undefined) {
      io.stdout.write(explain(args.explain));
      return 0;
    }
    return await lintCommand(args, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`djlint-conf: ${e.message}\n`);
    return 2;
  }
}

/** A lint (or --print-django, --print-config): the request, the run, the report, the exit code. */
async function lintCommand(args: Args, io: Io): Promise<number> {
  const req = await lintRequest(args, io);
  if (args["print-config"] !== undefined) return printConfig(path.resolve(io.cwd, args["print-config"]), req, io);
  if (args["print-django"]) {
    io.stdout.write(JSON.stringify(await printDjangoSide(req.paths, io.cwd, req.flags, req.finder, req.explicit), null, 2) + "\n");
    return 0;
  }
  const outcome = await lintRequested(req, lintMode(args, req, io));
  if (!outcome) return 0;
  printReport(outcome.run, args, io, Boolean(req.stdin && args.fix && !args["fix-dry-run"]));
  // TIMING=1 (ESLint's): where the run's time went, on stderr so that a JSON or SARIF report stays whole.
  if (timing) io.stderr.write(timing.table(timingLimit(process.env.TIMING) ?? 10));
  return exitCode(outcome, req.maxWarnings, io);
}

/** Report all or the named files; fix (which fixes, how, where the diff goes) or not. */
function lintMode(args: Args, req: LintRequest, io: Io): LintMode {
  const select = fixSelection({ fix: args.fix, fixDryRun: args["fix-dry-run"], unsafeFixes: args["unsafe-fixes"], fixRule: args["fix-rule"] });
  const fixing = Boolean(args.fix || args["fix-dry-run"]);
  return {
    reportAll: Boolean(args["report-all"]),
    errorOnUnmatched: args["error-on-unmatched-pattern"],
    // --fix and --fix-dry-run lint the text they fix; standard input has no file to key on.
    cache: args.cache && !fixing && !req.stdin ? LintCache.open(args["cache-location"], io) : null,
    fix: fixing
      ? {
          dryRun: Boolean(args["fix-dry-run"]),
          quiet: Boolean(args.quiet),
          cwd: io.cwd,
          stdin: req.stdin,
          select,
          out: (s) => io.stdout.write(s),
          err: (s) => io.stderr.write(s),
          // A machine-readable report owns standard output: the diff goes to stderr.
          diff: (s) => (args.format === "stylish" || args["output-file"] ? io.stdout : io.stderr).write(s),
        }
      : undefined,
  };
}

/**
 * `--print-config FILE`: the configuration in force for the file, as JSON:
 * the files it comes from, whether the file is ignored (and why), and every
 * setting (paths absolute, severities as words) after its overrides entries
 * and the command line.
 */
async function printConfig(file: string, req: LintRequest, io: Io): Promise<number> {
  const found = req.explicit ?? (req.finder ? await req.finder.forFile(file) : null);
  const settings = found ? settingsFor(found, file) : {};
  const options = optionsFromConfig(found, req.flags, file);
  const printed = {
    file,
    configFiles: found ? layersOf(found).map((l) => l.file) : [],
    ignored: req.ignores.why(file, found) ?? false,
    ...withFlags(settings, req.flags),
    ...((options.dialect ?? options.dialectOf?.(file)) ? { dialect: options.dialect ?? options.dialectOf?.(file) } : {}),
  };
  io.stdout.write(JSON.stringify(printed, null, 2) + "\n");
  return 0;
}

/** Configuration keys with the command line's settings on top (as optionsFromConfig puts them). */
function withFlags(c: ConfigFile, flags: LintOptions): ConfigFile {
  const out: ConfigFile = { ...c };
  if (flags.profile) out.profile = flags.profile;
  if (flags.template) out.template = flags.template;
  if (flags.djangoVersion) out.djangoVersion = flags.djangoVersion;
  if (flags.rules && Object.keys(flags.rules).length) out.rules = { ...c.rules, ...flags.rules };
  if (flags.extraDirectives?.length) out.extraDirectives = [...(c.extraDirectives ?? []), ...flags.extraDirectives];
  if (flags.map?.length) out.pathMap = { ...c.pathMap, ...Object.fromEntries(flags.map.map((m) => [m.from, m.to])) };
  if (flags.django) out.django = { ...c.django, ...flags.django };
  for (const o of dialectOptions()) {
    const v = (flags as Record<string, unknown>)[o.key];
    if (v !== undefined) out[configKeyOf(o)] = o.type === "path" ? path.resolve(flags.cwd ?? ".", v as string) : v;
  }
  return out;
}

/**
 * `--print-django [paths]`: the Django side of the paths, read as a lint reads
 * it (the servers' models, for the sites) with every rule off. A directory
 * that holds no server configuration is a place to look for `manage.py`;
 * no path means the working directory.
 */
async function printDjangoSide(
  paths: string[],
  cwd: string,
  flags: LintOptions,
  finder: ConfigFinder | null,
  explicit: FoundConfig | null,
): Promise<PrintedDjango> {
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
  const groups = files.length
    ? await groupByConfig(files, finder, explicit)
    : [{ config: explicit ?? (await finder?.forFile(path.join(searchFrom[0], "."))) ?? null, files: [] }];
  for (const g of groups) {
    const r = lintInput({ paths: g.files, options: { ...optionsFromConfig(g.config, flags), only: [], readDjango: true, searchFrom } });
    for (const p of r.djangoPrint?.projects ?? []) out.projects.push(p);
    for (const n of r.djangoPrint?.notFound ?? []) out.notFound.push(n);
  }
  return out;
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
export function reportInternalError(e: unknown, env: NodeJS.ProcessEnv = process.env, errors: { write(s: string): unknown } = stderr): number {
  const err = e as Error;
  errors.write(`djlint-conf: internal error: ${err?.message ?? String(e)} (this is a bug in djlint-conf; set DEBUG=1 for details)\n`);
  if (env.DEBUG && err?.stack) errors.write(err.stack + "\n");
  return 2;
}
