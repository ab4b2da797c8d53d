/**
 * What a server reads before a fragment: a site file linted without its main
 * configuration still has, beside it, the files that the server's wildcard
 * include reads first (name order: apr and nginx's glob both sort the
 * matches) and, in Debian's layout, the directory the main configuration
 * includes before the sites (`conf-enabled/*.conf` for httpd, `conf.d/*.conf`
 * for nginx). Only files that hold nothing but definitions are taken (Apache's
 * `Define` and `<Macro>`, nginx's `upstream` and `map`): so a `${DOMAIN}`, a
 * `Use DjangoSite ...` or a `proxy_pass http://shop_app` in the fragment means
 * what it means on the server, and no neighbour's host or setting is mixed in.
 * A file with anything else is passed over, and so are two files that define
 * one name (`prod-defines.conf` beside `staging-defines.conf` are for two
 * servers): unknown stays unknown rather than wrong.
 */
import path from "node:path";
import type { FsFacade } from "./fs-facade.js";
import type { NotLoaded } from "./tree.js";

/** What a dialect says about its definitions files. */
export interface PreludeDialect<F> {
  /** A cheap look at the text before parsing it: false passes the file over. */
  mayHoldOnlyDefinitions(text: string): boolean;
  /** The names a parsed file defines when it holds nothing but definitions; null when it holds anything else. */
  definitions(file: F): string[] | null;
  /** Whether the include that reads a fragment of this name reads every file beside it (`include sites-enabled/*;`), or only `*.conf`. */
  readsEveryFile(entry: string): boolean;
  /** The directory the main configuration includes before `sites-enabled` (a sibling of it). */
  beforeSites: string;
}

/** A directory with more candidates is a hosting box's sites directory: its fragments are not scanned for one lint. */
const MAX_CANDIDATES = 200;
const SITES_DIR = /^sites-(enabled|available)$/;

interface Found<F> {
  file: F;
  names: string[];
}

/** Definitions files per directory, once a run (the run's parse cache stands for the run). */
const byRun = new WeakMap<object, Map<string, Found<unknown>[]>>();

/** The definitions files the server reads before the fragment `entry`, in its order; `own` are the names it defines itself. */
export function preludeOf<F extends { path: string }>(
  entry: string,
  own: string[],
  fsys: FsFacade,
  read: (serverPath: string, given?: string) => F | NotLoaded,
  run: object,
  dialect: PreludeDialect<F>,
): F[] {
  let dirs = byRun.get(run);
  if (!dirs) byRun.set(run, (dirs = new Map()));
  const name = path.basename(entry);
  const dir = path.dirname(entry);
  const found: Found<F>[] = [];
  if (SITES_DIR.test(path.basename(dir))) found.push(...definitionsIn(path.join(path.dirname(dir), dialect.beforeSites), false, fsys, read, dirs, dialect));
  // Byte order, as strcmp sorts: JavaScript's comparison for these names.
  found.push(...definitionsIn(dir, dialect.readsEveryFile(name), fsys, read, dirs, dialect).filter((f) => path.basename(f.file.path) < name));
  return unambiguous(
    found.filter((f) => f.file.path !== entry),
    own,
  );
}

function definitionsIn<F extends { path: string }>(
  dir: string,
  everyFile: boolean,
  fsys: FsFacade,
  read: (p: string, given?: string) => F | NotLoaded,
  dirs: Map<string, Found<unknown>[]>,
  dialect: PreludeDialect<F>,
): Found<F>[] {
  const key = `${dir}\0${everyFile}`;
  let found = dirs.get(key) as Found<F>[] | undefined;
  if (found) return found;
  found = [];
  dirs.set(key, found);
  const names = (fsys.list(dir) ?? []).filter((n) => !n.startsWith(".") && (everyFile || n.endsWith(".conf"))).sort();
  if (names.length > MAX_CANDIDATES) return found;
  for (const n of names) {
    const p = path.join(dir, n);
    if (fsys.kind(p) !== "file") continue;
    const r = fsys.read(p);
    if (r.error !== undefined || !dialect.mayHoldOnlyDefinitions(r.text as string)) continue;
    const f = read(p, r.text as string);
    if ("error" in f) continue;
    const defined = dialect.definitions(f);
    if (defined?.length) found.push({ file: f, names: defined });
  }
  return found;
}

/** The files none of whose names another candidate, or the fragment itself, defines. */
function unambiguous<F>(found: Found<F>[], own: string[]): F[] {
  const owners = new Map<string, number>();
  for (const f of found) for (const n of new Set(f.names)) owners.set(n, (owners.get(n) ?? 0) + 1);
  const mine = new Set(own);
  return found.filter((f) => f.names.every((n) => owners.get(n) === 1 && !mine.has(n))).map((f) => f.file);
}
