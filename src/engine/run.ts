/**
 * One lint run: files -> server trees (includes followed) -> models -> rules ->
 * diagnostics with configured severities, grouped by the file they point into.
 * A file reached through another file's includes is linted once, as part of
 * that server.
 */
import fs from "node:fs";
import path from "node:path";
import { DiskFs, withOverlay, type FsFacade } from "../load/fs-facade.js";
import { PathMap, type PathMapEntry } from "../load/path-map.js";
import type { ParsedFile, ServerTree } from "../load/tree.js";
import type { AnyServer, Rule, RuleMeta, RunModels } from "../rule-api.js";
import type { Dialect } from "../core/dialect.js";
import type { RuleSettings } from "../core/settings.js";
import { Severities } from "./severities.js";
import type { Diagnostic, Severity } from "../core/diagnostic.js";
import type { SourceFile } from "../source/source-file.js";
import { ENGINE_IDS, INTERNAL_ERROR } from "./engine-ids.js";
import { createFixer } from "./fixer.js";
import { messageRedactor } from "./redact.js";
import { valueText } from "../source/quote.js";
import { applySuppressions } from "./suppressions.js";
import { dialectNamed, isMainConfigName } from "../dialects/registry.js";
import type { ConfiguredOptions } from "../core/options.js";
import { allRules } from "./registry.js";
import { detectTemplateDialect } from "../template/detect-dialect.js";
import { TemplateGuard } from "../template/guard.js";
import { withheld } from "./withhold.js";
import { foldRepeatedIncludes } from "./include-repeats.js";
import { LookingFs } from "../load/unreadable.js";
import { overVariants } from "./variants.js";
import { appServerFileKind, isSurelyAppServerFile } from "../model/django/app-servers/index.js";
import { readDjango, type DjangoModel } from "../model/django/index.js";
import { timing } from "./timing.js";
import { isComposeFileName, proxyConfigMounts } from "../model/django/compose.js";
import { siteBlocks } from "../dialects/site-blocks.js";
import { printDjango, type PrintedDjango } from "../model/django/print.js";

export interface LintOptions extends ConfiguredOptions {
  cwd?: string;
  /** Run only these ids (rules and engine ids); everything else is off. */
  only?: string[];
  /** Rules to run instead of the catalog's (engine tests). */
  registry?: Rule[];
  /** Report suppression comments that suppress nothing, at this severity. */
  reportUnusedDisableDirectives?: Severity;
  /** Directive or option names the site declares (third-party modules): never `unknown-directive`. */
  extraDirectives?: string[];
  /** Text to lint instead of a file's content on disk, by absolute path. */
  overlay?: Map<string, string>;
  /** The file system to read from instead of the disk (the library's `fs`); `overlay` still wins. */
  fs?: FsFacade;
  /** Read the Django side even when no rule asks (--print-django). */
  readDjango?: boolean;
  /** More places to look above for `manage.py` than the inputs (--print-django of a directory that holds no configuration). */
  searchFrom?: string[];
}

export interface FileResult {
  filePath: string;
  dialect: Dialect | null;
  messages: Diagnostic[];
  /** The file's text after --fix / --fix-dry-run changed it (ESLint's `output`). */
  output?: string;
}

export interface LintResult {
  results: FileResult[];
  /** The Django side, when the run read it (a rule asked, or `readDjango` was set). */
  django?: DjangoModel;
  /** The Django side as --print-django prints it (with `readDjango`). */
  djangoPrint?: PrintedDjango;
  /** Local paths of the files the Django side read (settings, scripts, app-server files): a change to one changes the findings. */
  djangoFiles?: string[];
  /** Inputs not linted, with why (unknown dialect, dialect not supported yet). */
  skipped: { filePath: string; reason: string }[];
  rules: RuleMeta[];
  /** Production paths rules could not look at (not on this machine, no --map): a note for the run, not a finding (src/load/unreadable.ts). */
  unreadable?: string[];
  /** (The engine's) how many variants the run's templates read as (src/engine/variants.ts). */
  templateVariants?: number;
  /** Each server linted: its entry file and every file it read (the command line reports by them). */
  servers?: { root: string; files: string[] }[];
  /** The text a file of the run was linted as (formats that carry fixes or source read it). */
  textOf?: (file: string) => string | undefined;
}

/** Line 1, column 1: where a finding about a whole file points. */
const FILE_START = { start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };

const isMainConfig = (p: string) => isMainConfigName(path.basename(p));

export function lintFiles(files: string[], opts: LintOptions = {}): LintResult {
  return overVariants(lintOnce, files, opts);
}

/** A run's findings by file: each finding once, at the severity in force for its file. */
class Findings {
  readonly byFile = new Map<string, FileResult>();
  /** Files no finding is reported in or points at: the stock files read in place of the packages' (ParsedFile.stock). */
  readonly hidden = new Set<string>();
  private seen = new Set<string>();
  constructor(private severities: Severities) {}

  file(p: string, dialect: Dialect | null): FileResult {
    let r = this.byFile.get(p);
    if (!r) this.byFile.set(p, (r = { filePath: p, dialect, messages: [] }));
    return r;
  }

  readonly emit = (found: Diagnostic) => {
    const d = this.severities.forFile(found);
    if (!d || this.hidden.has(d.file)) return;
    if (d.related?.some((x) => this.hidden.has(x.file))) d.related = d.related.filter((x) => !this.hidden.has(x.file));
    const key = `${d.file}\0${d.range.start}\0${d.range.end}\0${d.ruleId}\0${d.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.file(d.file, null).messages.push(d);
  };
}

/** What a run checks: the servers' trees and models, the run's models, and what rules are handed. */
interface Checked {
  kept: ServerTree[];
  servers: AnyServer[];
  run: ReturnType<typeof djangoRun>;
  sources: Map<string, SourceFile>;
  templates: TemplateGuard;
  fixer: ReturnType<typeof createFixer>;
  ruleFs: LookingFs;
  appServerFiles: string[];
}

function lintOnce(files: string[], opts: LintOptions): LintResult {
  const cwd = opts.cwd ?? process.cwd();
  const inputs = files.map((f) => path.resolve(cwd, f));
  const fsys = opts.fs
    ? withOverlay(opts.fs, opts.overlay)
    : new DiskFs(new PathMap([...(opts.map ?? []), ...composeMaps(inputs, opts.map ?? [], cwd)], cwd), opts.overlay);
  const rules = opts.registry ?? allRules();
  const severities = new Severities(opts, rules);
  const findings = new Findings(severities);
  const loaded = timed("read and parse", () => loadTrees(inputs, fsys, opts, severities, findings));
  const kept = ownTrees(loaded.trees, fsys);
  for (const t of kept) for (const f of t.files.values()) if (f.stock) findings.hidden.add(f.path);
  const sources = new Map(kept.flatMap((t) => [...t.files.values()].map((f) => [f.path, f.source] as const)));
  const servers: AnyServer[] = timed("server models", () =>
    kept.map((t) => (dialectNamed(t.dialect) as NonNullable<ReturnType<typeof dialectNamed>>).model(t, opts)),
  );
  const checked: Checked = {
    kept,
    servers,
    sources,
    appServerFiles: loaded.appServerFiles,
    run: djangoRun(servers, unloadedTrees(kept), fsys, inputs, loaded.appServerFiles, opts, settingsRead(rules, servers, severities)),
    fixer: createFixer((f) => sources.get(f)),
    templates: new TemplateGuard(kept.flatMap((t) => [...t.files.values()])),
    // Rules look at the deployed tree through a facade that remembers what was not there to see.
    ruleFs: new LookingFs(fsys, cwd === path.parse(cwd).root ? [] : [cwd]),
  };
  checkServers(checked, rules, opts, severities, findings);
  if (opts.readDjango) void checked.run.django;
  applyComments(kept, findings, rules, opts);
  return runResult(checked, findings, loaded.skipped, rules, fsys, opts);
}

/**
 * The inputs' server trees, main configs first (so that their includes claim
 * the files they read); an input another tree already read is not read again.
 * Inputs that cannot be linted go to `skipped` (or, named but not a
 * configuration, get one finding); application-server files are set aside
 * for the Django side.
 */
function loadTrees(inputs: string[], fsys: FsFacade, opts: LintOptions, severities: Severities, findings: Findings) {
  const ordered = [...inputs].sort((a, b) => Number(isMainConfig(b)) - Number(isMainConfig(a)));
  // One parse per file and dialect: a file two servers of different kinds include is parsed by each grammar.
  const parseCaches = new Map<Dialect, Map<string, ParsedFile>>();
  const trees: ServerTree[] = [];
  const skipped: LintResult["skipped"] = [];
  const appServerFiles: string[] = [];
  // By real path: a sites-available file and the sites-enabled link a server includes are one file, linted once.
  const claimed = new Set<string>();
  const real = realPaths(fsys);
  for (const file of ordered) {
    if (claimed.has(real(file))) continue;
    const read = fsys.read(file);
    if (read.error !== undefined) {
      skipped.push({ filePath: file, reason: `cannot read: ${read.error}` });
      continue;
    }
    // A uWSGI ini, a unit or a Python file in a directory named after a server (`deploy/nginx/uwsgi.ini`) is still an
    // app server's, and `--dialect nginx` given for the server's files leaves it so (a `dialects` entry naming it does not).
    const appServer = isSurelyAppServerFile(file, read.text as string);
    const chosen = (appServer ? undefined : opts.dialect) ?? opts.dialectOf?.(file);
    const dialect = chosen ?? (appServer ? null : detectTemplateDialect(file, read.text as string, opts.template));
    if (!dialect && appServerFileKind(file, read.text as string)) {
      appServerFiles.push(file);
      findings.file(fsys.local(file), null);
      continue;
    }
    // A Compose file named with the configuration (`nginx/ docker-compose.yml`): the Django side reads it where it lies
    // beside the project (src/model/django/compose.ts); there is nothing in it to lint.
    if (!dialect && isComposeFileName(file)) {
      findings.file(fsys.local(file), null);
      continue;
    }
    const support = dialect ? dialectNamed(dialect) : undefined;
    if (!dialect || !support) {
      skipped.push({ filePath: file, reason: dialect ? `${dialect} is not supported yet` : "cannot tell which server this configures (use --dialect)" });
      continue;
    }
    if (!parseCaches.has(dialect)) parseCaches.set(dialect, new Map());
    const tree = support.load(file, read.text as string, fsys, opts, parseCaches.get(dialect) as Map<string, ParsedFile>);
    if ("error" in tree && tree.notConfig !== undefined) {
      // Named on the command line (or in the editor) but not a configuration: one finding, and nothing of its text.
      const local = fsys.local(file);
      findings.file(local, dialect);
      const sev = severities.runLevel("syntax");
      if (sev !== "off")
        findings.emit({
          ruleId: "syntax",
          severity: sev,
          message: `not a configuration file (${tree.notConfig}): nothing in it is linted or shown`,
          file: local,
          range: FILE_START,
        });
      continue;
    }
    if ("error" in tree) {
      skipped.push({ filePath: file, reason: tree.error });
      continue;
    }
    trees.push(tree);
    for (const p of tree.files.keys()) claimed.add(real(p));
  }
  return { trees, skipped, appServerFiles };
}

/**
 * The trees without those another tree includes: a standalone file that a
 * later server includes belongs to that server only. (One pass over each
 * tree's files, as claiming them took: not every tree against every other.)
 */
function ownTrees(trees: ServerTree[], fsys: FsFacade): ServerTree[] {
  const real = realPaths(fsys);
  const rootOf = new Map(trees.map((t, i) => [real(t.root.path), i]));
  const dropped = new Set<number>();
  trees.forEach((o, j) => {
    for (const p of o.files.keys()) {
      const i = rootOf.get(real(p));
      if (i !== undefined && i < j) dropped.add(i);
    }
  });
  return trees.filter((_, i) => !dropped.has(i));
}

/**
 * What the Compose files among the inputs put in a linted configuration's container (`./gateway/conf.d` at
 * /etc/nginx/conf.d beside `./gateway/nginx.conf`), as --map entries, for the paths the user's own map leaves out.
 */
function composeMaps(inputs: string[], userMap: readonly PathMapEntry[], cwd: string): PathMapEntry[] {
  const compose = inputs.filter((f) => isComposeFileName(f));
  if (!compose.length) return [];
  const probe = new DiskFs(new PathMap([...userMap], cwd));
  const configs = inputs.filter((f) => !isComposeFileName(f));
  const mapped = (p: string) => userMap.some((m) => p === m.from || p.startsWith(m.from.replace(/\/?$/, "/")));
  return compose.flatMap((f) => proxyConfigMounts(probe, f, configs)).filter((m) => !mapped(m.from));
}

/**
 * The trees whose server does not load them: a file standing alone in a directory another tree of its dialect
 * reads other files from by a pattern (Debian's Apache reads `sites-enabled/*.conf`, never an extensionless `sites-enabled/blog`
 * left from Apache 2.2; nginx's `conf.d/*.conf`, never `conf.d/shop.conf.disabled`). Linted as given, they are no
 * Django project's sites. Paths as named, not through links: a `sites-available` file named beside the main
 * configuration is not in the directory it reads.
 */
function unloadedTrees(trees: ServerTree[]): Set<ServerTree> {
  const read = new Map<string, Set<ServerTree>>();
  for (const t of trees)
    for (const [at, files] of t.includes ?? []) {
      // Only an include by a pattern reads a directory (`sites-enabled/*.conf`); one that names its file reads that file.
      const text = t.files.get(at.file)?.source.text.slice(at.range.start, at.range.end) ?? "";
      if (!/[*?[]/.test(text)) continue;
      for (const f of files) {
        const key = `${t.dialect}\0${path.dirname(f.path)}`;
        const by = read.get(key);
        if (by) by.add(t);
        else read.set(key, new Set([t]));
      }
    }
  const out = new Set<ServerTree>();
  for (const t of trees) {
    const by = read.get(`${t.dialect}\0${path.dirname(t.root.path)}`);
    if (by && [...by].some((o) => o !== t)) out.add(t);
  }
  return out;
}

/** Syntax problems, every rule on every server of its dialect, the include problems, then the rules that check the run against the Django side. */
function checkServers(c: Checked, rules: Rule[], opts: LintOptions, severities: Severities, findings: Findings) {
  const settings: RuleSettings = { extraDirectives: opts.extraDirectives ?? [] };
  const { emit } = findings;
  const runOne = (rule: Rule, server: AnyServer | undefined) => {
    const how = severities.ruleRun(rule.meta);
    if (!how) return;
    const go = () => runRuleGuarded(rule, how.severity, how.configured, server, c.run, c.ruleFs, settings, c.fixer, c.templates, emit);
    if (timing) timing.rule(rule.meta.id, go);
    else go();
  };
  for (const server of c.servers) {
    const tree = server.tree;
    const sev = severities.runLevel("syntax");
    const plugin = dialectNamed(tree.dialect);
    for (const f of tree.files.values()) {
      if (f.stock) continue;
      findings.file(f.path, tree.dialect);
      if (sev !== "off")
        for (const p of f.ast.problems) {
          const v = plugin?.syntaxVerdict ? plugin.syntaxVerdict(server, p) : { severity: "error" as const, message: p.message };
          if (v) emit({ ruleId: "syntax", severity: v.severity === "info" ? "info" : sev, message: v.message, file: p.file, range: p.range });
        }
    }
    for (const rule of rules) if (rule.dialect === "any" || rule.dialect === server.dialect) runOne(rule, server);
  }

  for (const p of foldRepeatedIncludes(c.servers.flatMap((s) => s.tree.problems))) {
    const sev = severities.problem(p.ruleId, p.severity);
    if (sev !== "off") emit({ ruleId: p.ruleId, severity: sev, message: p.message, file: p.file, range: p.range });
  }

  // Rules that check the run against the Django side run once, after the servers' own (with app-server files alone too).
  const first = c.servers[0];
  if (first || c.appServerFiles.length) for (const rule of rules) if (rule.dialect === "django") runOne(rule, first);
}

/** Suppression comments, in the file where each finding is reported. */
function applyComments(kept: ServerTree[], findings: Findings, rules: Rule[], opts: LintOptions) {
  const knownIds = [...ENGINE_IDS.map((e) => e.id), ...rules.map((r) => r.meta.id)];
  for (const t of kept) {
    const marker = dialectNamed(t.dialect)?.comments.prefix;
    for (const f of t.files.values()) {
      const r = findings.byFile.get(f.path);
      if (!r) continue;
      const { kept: left, reports } = applySuppressions(
        f.path,
        r.messages,
        f.ast.comments,
        f.source.lineCount,
        knownIds,
        opts.reportUnusedDisableDirectives ?? null,
        marker,
      );
      r.messages = [...left, ...reports];
    }
  }
}

/** The run's result: messages redacted and sorted, files in order, and what the run read. */
function runResult(c: Checked, findings: Findings, skipped: LintResult["skipped"], rules: Rule[], fsys: FsFacade, opts: LintOptions): LintResult {
  // Every message, whoever built it, leaves without the secrets of the run's configs.
  const redact = messageRedactor(() => [...c.sources.values()].map((src) => src.text));
  for (const r of findings.byFile.values()) for (const m of r.messages) m.message = redact(c.templates.show(m.message));

  const results = [...findings.byFile.values()].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  for (const r of results) {
    r.messages.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || ((a.ruleId ?? "") < (b.ruleId ?? "") ? -1 : 1));
  }
  const unreadable = c.ruleFs.unreadable;
  let variants = 1;
  for (const t of c.kept) for (const f of t.files.values()) if (f.template && f.template.variants > variants) variants = f.template.variants;
  const django = c.run.read();
  const local = (f: string) => fsys.local(f);
  return {
    results,
    skipped,
    rules: rules.map((r) => r.meta),
    servers: c.kept.map((t) => ({ root: t.root.path, files: [...t.files.values()].filter((f) => !f.stock).map((f) => f.path) })),
    textOf: (f) => c.sources.get(f)?.text,
    ...(unreadable.length ? { unreadable } : {}),
    ...(variants > 1 ? { templateVariants: variants } : {}),
    ...(django ? { django, djangoFiles: django.filesRead.map(local) } : {}),
    ...(django && opts.readDjango ? { djangoPrint: printDjango(django, local) } : {}),
  };
}

/**
 * A file's real path (links resolved, those of a mapped copy through the map as the server follows them: see
 * PathMap.resolve), remembered; the path itself for what does not exist on disk (an editor buffer, stdin).
 */
function realPaths(fsys: FsFacade): (p: string) => string {
  const memo = new Map<string, string>();
  return (p) => {
    let r = memo.get(p);
    if (r === undefined) {
      try {
        r = fs.realpathSync(fsys.local(p));
      } catch {
        r = p;
      }
      memo.set(p, r);
    }
    return r;
  };
}

/**
 * The Django settings a lint reads: those the rules that run declare
 * (`meta.djangoSettings`), the django/* rules and the rules of the run's
 * servers' dialects, so that the settings module is parsed only where it can
 * change them.
 */
function settingsRead(rules: Rule[], servers: AnyServer[], severities: Severities): string[] {
  const dialects = new Set<string>(servers.map((s) => s.dialect));
  const names = new Set<string>();
  for (const r of rules)
    if ((r.dialect === "django" || r.dialect === "any" || dialects.has(r.dialect)) && severities.ruleRun(r.meta))
      for (const n of r.meta.djangoSettings ?? []) names.add(n);
  return [...names];
}

/** The run's models, with the Django side read on first use (from the servers' blocks, the app-server inputs and the configuration). */
function djangoRun(
  servers: AnyServer[],
  unloaded: ReadonlySet<ServerTree>,
  fsys: FsFacade,
  inputs: string[],
  appServerFiles: string[],
  opts: LintOptions,
  settingsNames: readonly string[],
): RunModels & { read(): DjangoModel | undefined } {
  let model: DjangoModel | undefined;
  const d = opts.django ?? {};
  return {
    servers,
    appServerFiles,
    get django() {
      return (model ??= timed("Django side", () =>
        readDjango({
          fs: fsys,
          roots: d.root ? [d.root] : undefined,
          settings: d.settings,
          sites: d.sites,
          assume: d.assume,
          trustedFront: d.trustedFront,
          appServerFiles,
          searchFrom: [...inputs, ...(opts.searchFrom ?? [])],
          blocks: siteBlocks(servers.filter((s) => !unloaded.has(s.tree))),
          // A lint reads the settings its rules read (and what those depend on); --print-django shows them all.
          settingsNames: opts.readDjango ? undefined : settingsNames,
          ...(opts.djangoVersion ? { djangoVersion: opts.djangoVersion } : {}),
        }),
      ));
    },
    read: () => model,
  };
}

/** `fn`, its time charged to the stage `name` when TIMING asks (src/engine/timing.ts). */
function timed<T>(name: string, fn: () => T): T {
  return timing ? timing.stage(name, fn) : fn();
}

/** A rule that uses the rule API wrongly (an unknown messageId, an undeclared fix). */
class RuleDefinitionError extends Error {}

/**
 * One rule on one server; a rule that throws is a bug in djlint-conf, not in
 * the config: its findings so far are dropped, one `internal-error` names the
 * rule and the server's entry file, and the other rules still run.
 */
function runRuleGuarded(
  rule: Rule,
  severity: Severity,
  configured: boolean,
  server: AnyServer | undefined,
  run: RunModels,
  fsys: FsFacade,
  settings: RuleSettings,
  fixer: ReturnType<typeof createFixer>,
  templates: TemplateGuard,
  emit: (d: Diagnostic) => void,
) {
  const found: Diagnostic[] = [];
  try {
    runRule(rule, severity, configured, server, run, fsys, settings, fixer, templates, (d) => found.push(d));
  } catch (e) {
    // A rule that breaks the rule API's contract fails the run, so that its own tests catch it at once.
    if (e instanceof RuleDefinitionError) throw e;
    // A django/* rule runs once per run: its file is the run's first server's, else its first app-server file.
    const file = server?.tree.root.path ?? run.appServerFiles[0] ?? "";
    const why = (e instanceof Error ? e.message : String(e)).split("\n")[0].slice(0, 200);
    if (process.env.DEBUG) process.stderr.write(`${rule.meta.id} on ${file}: ${e instanceof Error ? e.stack : String(e)}\n`);
    emit({
      ruleId: INTERNAL_ERROR,
      severity: "error",
      message: `rule ${rule.meta.id} failed on ${path.basename(file)} (a bug in djlint-conf, please report it): ${why}`,
      file,
      range: FILE_START,
    });
    return;
  }
  for (const d of found) emit(d);
}

function runRule(
  rule: Rule,
  severity: Severity,
  /** The user set this rule's severity: a report's own severity does not override it. */
  configured: boolean,
  server: AnyServer | undefined,
  run: RunModels,
  fsys: FsFacade,
  settings: RuleSettings,
  fixer: ReturnType<typeof createFixer>,
  templates: TemplateGuard,
  emit: (d: Diagnostic) => void,
) {
  const meta = rule.meta;
  (rule as Rule<Dialect>).check({
    server: server as never,
    run,
    fs: fsys,
    settings,
    report(r) {
      const template = meta.messages[r.messageId];
      if (template === undefined) throw new RuleDefinitionError(`rule ${meta.id} reported unknown messageId '${r.messageId}'`);
      // A django/* finding may point into any server of the run: ask the one that read that file.
      const home = rule.dialect === "django" ? run.servers.find((s) => s.tree.files.has(r.at.file)) : server;
      if (withheld(meta, r, home, templates)) return;
      // Every value is quoted as config text (cut, one line, secrets redacted) unless the rule built it as a Phrase.
      const message = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => (r.data?.[k] === undefined ? `{{${k}}}` : valueText(r.data[k])));
      const d: Diagnostic = { ruleId: meta.id, severity: (!configured && r.severity) || severity, message, file: r.at.file, range: r.at.range };
      if (r.related?.length) d.related = r.related.map((x) => ({ file: x.at.file, range: x.at.range, message: x.message }));
      if (r.fix) {
        if (!meta.fix) throw new RuleDefinitionError(`rule ${meta.id} offered a fix but does not declare meta.fix`);
        d.fix = { title: meta.fix.title, safety: meta.fix.safety, edits: r.fix(fixer) };
      }
      // A template tag is never edited (src/template/guard.ts): the finding stays, without its fix. Nor is a mod_macro
      // body, whose text stands for every expansion (the finding may be about one of them).
      if (d.fix && (templates.touches(d.fix.edits) || (home?.dialect === "apache" && home.editsMacroBody(d.fix.edits)))) delete d.fix;
      emit(d);
    },
  });
}
