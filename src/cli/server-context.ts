/**
 * The server a named file belongs to, as the editor sees it: pre-commit
 * passes only the changed files, and a changed `sites-enabled` vhost or
 * `conf.d` snippet means nothing alone. For each named file, the main
 * configurations it may belong to (src/engine/main-config.ts, which the
 * language server uses too) are linted with it; the report keeps the
 * findings of the files asked for, and of the servers whose entry file was
 * asked for, unless --report-all.
 */
import fs from "node:fs";
import { ConfigFinder } from "../config/discover.js";
import { mainConfigsFor } from "../engine/main-config.js";
import type { LintOptions, LintResult } from "../engine/run.js";
import { DiskFs } from "../load/fs-facade.js";
import { PathMap } from "../load/path-map.js";

export interface ServerContext {
  /** What to lint: the named files and the main configurations found for them. */
  inputs: string[];
  /** The files the user asked for. */
  named: string[];
  /** The options they are linted with (--map decides which file a link in a copy names). */
  opts: LintOptions;
}

/** A file's real path as the engine claims it: a mapped copy's links followed through the map (PathMap.resolve). */
function realPaths(opts: LintOptions): (p: string) => string {
  const fsys = new DiskFs(new PathMap(opts.map ?? [], opts.cwd ?? process.cwd()));
  return (p) => {
    try {
      return fs.realpathSync(fsys.local(p));
    } catch {
      return p;
    }
  };
}

export async function serverContext(named: string[], opts: LintOptions, finder: ConfigFinder | null): Promise<ServerContext> {
  const real = realPaths(opts);
  const roots = finder ?? new ConfigFinder([]);
  const inputs = [...named];
  const seen = new Set(named.map(real));
  for (const file of named) {
    let root: string | null = null;
    try {
      root = await roots.projectRoot(file, finder !== null);
    } catch {
      root = await roots.projectRoot(file, false);
    }
    for (const m of mainConfigsFor(file, root, opts.map ?? [])) {
      if (seen.has(real(m))) continue;
      seen.add(real(m));
      inputs.push(m);
    }
  }
  return { inputs, named, opts };
}

/** The run as reported: the named files, and every file of a server whose entry file was named. */
export function reportNamed(run: LintResult, ctx: ServerContext): LintResult {
  if (ctx.inputs.length === ctx.named.length) return run;
  const real = realPaths(ctx.opts);
  const asked = new Set(ctx.named.map(real));
  const shown = new Set(asked);
  for (const s of run.servers ?? []) if (asked.has(real(s.root))) for (const f of s.files) shown.add(real(f));
  return { ...run, results: run.results.filter((r) => shown.has(real(r.filePath))) };
}
