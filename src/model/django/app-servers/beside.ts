/**
 * Application-server files beside the files of a run that the run does not
 * hold. A pre-commit hook lints the files a commit changed: both targets'
 * nginx sites after a shared header tweak, but only the production unit. The
 * staging site's backend is then no app server of the run, yet the staging
 * unit beside it listens there. A rule about to say that nothing listens at a
 * backend asks these first.
 *
 * Looked for in the directory of the file and up to two directories above
 * it, not above a project's or repository's root (a directory holding
 * `manage.py`, `pyproject.toml` or `.git`), each with its subdirectories one
 * level down: `deploy/staging/nginx/site.conf` finds
 * `deploy/staging/systemd/site.service`, not another project's files. Only
 * files nearer to it than every app-server file of the run count (sharing a
 * deeper directory with it): the run's own unit beside the site is the one
 * that runs it, not a copy in a sibling directory. A file counts when its name
 * and text make it surely an app server's (a unit, a uWSGI ini, a gunicorn
 * configuration, a Procfile, a supervisor program).
 */
import path from "node:path";
import type { FsFacade } from "../../../load/fs-facade.js";
import { isSurelyAppServerFile, readAppServerFile } from "./index.js";
import type { AppServer } from "./types.js";

const DIRS_UP = 2;
/** What marks a project's or repository's root. */
const ROOT_MARKS = [".git", "manage.py", "pyproject.toml"];
/** Directories that hold no deployment files (dependencies, caches, collected files): never listed. */
const SKIP = new Set(["node_modules", "venv", ".venv", "env", "__pycache__", "static", "staticfiles", "media", "site-packages", "dist", "build"]);
/** At most this many directory entries looked at for one file (a home folder above a checkout stays cheap). */
const MAX_ENTRIES = 2000;
/** Names an app-server file may have; the text decides. */
const CANDIDATE = /\.(service|socket|ini|ya?ml|xml|conf|py|j2)$|^Procfile/;
const MAX_BYTES = 64 * 1024;

/** Per file system, per directory looked from: the app servers found beside the run. */
const memo = new WeakMap<FsFacade, Map<string, AppServer[]>>();

/** The app servers of files beside `file` (a local path) that are not `inRun` (local paths). */
export function appServersBeside(fs: FsFacade, file: string, inRun: ReadonlySet<string>): AppServer[] {
  let byDir = memo.get(fs);
  if (!byDir) memo.set(fs, (byDir = new Map()));
  const from = path.dirname(fs.local(file));
  let found = byDir.get(from);
  if (found) return found;
  found = [];
  let entries = 0;
  const listed = new Set<string>();
  const filesOf = (dir: string): string[] => {
    if (listed.has(dir)) return [];
    listed.add(dir);
    const names = fs.list(dir) ?? [];
    entries += names.length;
    return names.map((n) => path.join(dir, n));
  };
  const candidates: string[] = [];
  for (let d = from, up = 0; up <= DIRS_UP && entries < MAX_ENTRIES; up++, d = path.dirname(d)) {
    for (const p of filesOf(d)) {
      const kind = fs.kind(p);
      if (kind === "file") candidates.push(p);
      else if (kind === "dir" && !SKIP.has(path.basename(p)) && !path.basename(p).startsWith(".") && entries < MAX_ENTRIES)
        for (const q of filesOf(p)) if (CANDIDATE.test(path.basename(q)) && fs.kind(q) === "file") candidates.push(q);
    }
    if (ROOT_MARKS.some((m) => fs.kind(path.join(d, m)) !== null) || d === path.dirname(d)) break;
  }
  // How many directories a file shares with the configuration: the run's nearest app-server file sets the bar.
  const shared = (p: string) => {
    const a = from.split(path.sep);
    const b = path.dirname(p).split(path.sep);
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  };
  const bar = Math.max(0, ...[...inRun].map(shared));
  for (const p of candidates) {
    if (!CANDIDATE.test(path.basename(p)) || inRun.has(p) || shared(p) <= bar) continue;
    const text = fs.read(p).text;
    if (text === undefined || text.length > MAX_BYTES || !isSurelyAppServerFile(p, text)) continue;
    found.push(...readAppServerFile(fs, p).servers);
  }
  byDir.set(from, found);
  return found;
}
