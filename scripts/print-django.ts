/**
 * What the Django side reads, as JSON, until the CLI's `--print-django` is
 * wired after the architecture refactor:
 *
 *   node scripts/run-ts.mjs scripts/print-django.ts [--root DIR]... [--settings MODULE|FILE]
 *       [--map FROM=TO]... [--from PATH]... [APP-SERVER FILE]...
 *
 * `--from` names paths to look above for manage.py (the linted files); app-server
 * files are uWSGI ini/YAML, gunicorn configurations, systemd units, Procfiles
 * and supervisor configurations. Paths are server paths (mapped with --map).
 */
import path from "node:path";
import { DiskFs } from "../src/load/fs-facade.js";
import { PathMap, type PathMapEntry } from "../src/load/path-map.js";
import { readDjango } from "../src/model/django/index.js";

export function main(argv: string[]): number {
  const roots: string[] = [];
  const from: string[] = [];
  const files: string[] = [];
  const map: PathMapEntry[] = [];
  let settings: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--root") roots.push(path.resolve(value()));
    else if (a === "--settings") settings = value();
    else if (a === "--map") map.push(PathMap.parseSpec(value()));
    else if (a === "--from") from.push(path.resolve(value()));
    else if (a.startsWith("-")) {
      process.stderr.write(`print-django: unknown option ${a}\n`);
      return 2;
    } else files.push(path.resolve(a));
  }
  const fs = new DiskFs(new PathMap(map, process.cwd()));
  const model = readDjango({ fs, roots, settings, appServerFiles: files, searchFrom: from.length ? from : files });
  process.stdout.write(JSON.stringify(model, null, 2) + "\n");
  return 0;
}
