/**
 * The engine in-process, stage by stage, on one generated tree: read, lex,
 * parse, load (includes), model, rules, and the JSON formatter; then the whole
 * engine (lintFiles) for comparison. bench/run.mjs bundles this file with
 * esbuild (as the CLI is bundled) and runs it in a child process per tree:
 *
 *   node --expose-gc stages.cjs <dialect> <entry> <runs>
 *
 * and reads one JSON object from standard output.
 *
 * How the stages are separated with the project's API:
 * - lex: the dialect's lexer (`<dialect>Grammar().lexer.tokenize`) on each file;
 * - parse: `parse<Dialect>` on each file, which lexes again: the parse-only
 *   time is parse minus lex (bench/run.mjs prints both);
 * - load: the dialect's loader with its parse cache filled by the parse stage,
 *   so it times include resolution, globbing and the walk, not parsing;
 * - model: the dialect's model constructor (parts of a model may be computed
 *   lazily, on a rule's first question: those land in the rules stage);
 * - rules: each enabled rule's check() as the engine calls it (messages
 *   formatted, fixes built), timed one by one;
 * - engine: lintFiles() end to end (read to sorted diagnostics, suppressions
 *   included), which is what the CLI calls; its first call in the process
 *   (engineCold, before anything is warm) is reported apart;
 * - format: the JSON formatter on the engine's result.
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { apacheTokenizer, parseApache } from "../grammars/apache/index.js";
import { lighttpdTokenizer, parseLighttpd } from "../grammars/lighttpd/index.js";
import { nginxTokenizer, parseNginx } from "../grammars/nginx/index.js";
import { resolveSeverity } from "../src/engine/config.js";
import { dialectNamed } from "../src/dialects/registry.js";
import { createFixer } from "../src/engine/fixer.js";
import { allRules } from "../src/engine/registry.js";
import { lintFiles, type LintOptions } from "../src/engine/run.js";
import { json } from "../src/formatters/json.js";
import { DiskFs } from "../src/load/fs-facade.js";
import { PathMap } from "../src/load/path-map.js";
import type { ParsedFile, ServerTree } from "../src/load/tree.js";
import type { AnyServer, Rule } from "../src/rule-api.js";
import type { Dialect } from "../src/core/dialect.js";
import type { DjangoModel } from "../src/model/django/index.js";

const GRAMMARS = {
  apache: { lexer: () => apacheTokenizer, parse: parseApache },
  nginx: { lexer: () => nginxTokenizer, parse: parseNginx },
  lighttpd: { lexer: () => lighttpdTokenizer, parse: parseLighttpd },
} as const;

/** The servers' rules are timed here; the Django side has its own benchmark. */
const NO_DJANGO: DjangoModel = { projects: [], notFound: [], filesRead: [] };

type Stage = "read" | "lex" | "parse" | "load" | "model" | "rules" | "engine" | "format";

declare const gc: (() => void) | undefined;
const collect = () => {
  if (typeof gc === "function") gc();
};

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const v = f();
  return [v, (performance.now() - t0) / 1000];
}

export function main(argv: string[]): number {
  const [dialect, entryArg, runsArg] = argv as [Dialect, string, string];
  const runs = Math.max(1, Number(runsArg ?? 5));
  const entry = path.resolve(entryArg);
  const support = dialectNamed(dialect);
  if (!support) throw new Error(`no support for ${dialect}`);
  const grammar = GRAMMARS[dialect];
  const opts: LintOptions = { cwd: path.dirname(entry) };
  const newFs = () => new DiskFs(new PathMap([], opts.cwd as string));

  // The engine's first call in this process, as the CLI makes it: nothing compiled or warmed yet.
  const [, engineCold] = time(() => lintFiles([entry], opts));
  collect();
  // The files of the server, as its loader finds them (the tree itself is not kept).
  const files = ((): string[] => {
    const first = support.load(entry, fs.readFileSync(entry, "utf8"), newFs(), opts, new Map());
    if ("error" in first) throw new Error(first.error);
    return [...first.files.keys()];
  })();
  const bytes = files.reduce((a, f) => a + fs.statSync(f).size, 0);

  const rules = (allRules() as Rule[]).filter(
    (r) => (r.dialect === "any" || r.dialect === dialect) && resolveSeverity(r.meta.id, r.meta, "production", {}) !== "off",
  );
  const samples: Record<Stage, number[]> = { read: [], lex: [], parse: [], load: [], model: [], rules: [], engine: [], format: [] };
  const perRule = new Map<string, number[]>();
  let tokens = 0;
  let findings = 0;
  let engineFindings = 0;
  let heapAfterModelMB = 0;

  // One pass through the stages; nothing it builds outlives it, so the engine's run below starts from the same heap.
  const stagesOnce = () => {
    // read: the bytes of every file, decoded.
    const [texts, tRead] = time(() => files.map((f) => fs.readFileSync(f, "utf8")));
    samples.read.push(tRead);
    // lex only.
    const lexer = grammar.lexer();
    const [count, tLex] = time(() => texts.reduce((n, t) => n + lexer.tokenize(t).tokens.length, 0));
    tokens = count;
    samples.lex.push(tLex);
    // lex + parse into the AST.
    const [parsed, tParse] = time(() => files.map((f, i) => grammar.parse(f, texts[i] as string)));
    samples.parse.push(tParse);
    // load: includes resolved against the files already parsed.
    const cache = new Map<string, ParsedFile>(files.map((f, i) => [f, { serverPath: f, path: f, source: parsed[i].source, ast: parsed[i].ast } as ParsedFile]));
    const fsys = newFs();
    const [tree, tLoad] = time(() => support.load(entry, texts[0] as string, fsys, opts, cache));
    if ("error" in tree) throw new Error(tree.error);
    samples.load.push(tLoad);
    // model.
    const [server, tModel] = time(() => support.model(tree as ServerTree, opts) as AnyServer);
    samples.model.push(tModel);
    heapAfterModelMB = process.memoryUsage().heapUsed / 1048576;
    // rules, one by one, as the engine runs them.
    const sources = new Map([...(tree as ServerTree).files.values()].map((f) => [f.path, f.source] as const));
    const fixer = createFixer((f) => sources.get(f));
    findings = 0;
    let tRules = 0;
    for (const rule of rules) {
      const meta = rule.meta;
      const [, t] = time(() =>
        rule.check({
          server: server as never,
          // No Django project is tied: the servers' rules that ask for one find none.
          run: { servers: [server], appServerFiles: [], django: NO_DJANGO },
          fs: fsys,
          settings: { extraDirectives: [] },
          report(r) {
            const template = meta.messages[r.messageId] ?? "";
            template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => String(r.data?.[k] ?? `{{${k}}}`));
            if (r.fix) r.fix(fixer);
            findings++;
          },
        }),
      );
      tRules += t;
      if (!perRule.has(meta.id)) perRule.set(meta.id, []);
      (perRule.get(meta.id) as number[]).push(t);
    }
    samples.rules.push(tRules);
  };

  for (let run = 0; run < runs; run++) {
    collect();
    stagesOnce();
    collect();
    // The whole engine, then the formatter on its result.
    const [result, tEngine] = time(() => lintFiles([entry], opts));
    samples.engine.push(tEngine);
    engineFindings = result.results.reduce((n, r) => n + r.messages.length, 0);
    const [, tFormat] = time(() => json(result, { cwd: opts.cwd as string, colorLevel: 0 }));
    samples.format.push(tFormat);
  }

  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
  };
  const slowest = [...perRule.entries()]
    .map(([id, ts]) => ({ id, median: median(ts) }))
    .sort((a, b) => b.median - a.median)
    .slice(0, 8);
  process.stdout.write(
    JSON.stringify({
      dialect,
      entry,
      files: files.length,
      bytes,
      tokens,
      rules: rules.length,
      findings,
      engineFindings,
      engineCold,
      heapAfterModelMB,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      samples,
      slowestRules: slowest,
    }) + "\n",
  );
  return 0;
}
