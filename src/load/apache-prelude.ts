/**
 * What httpd reads before a fragment: a site file linted without its main
 * configuration still has, beside it, the files that `Include dir/*.conf`
 * reads first (name order, as apr sorts a wildcard's matches) and, in Debian's
 * layout, `conf-enabled/*.conf`, which apache2.conf includes before
 * `sites-enabled/*.conf`. Only files that hold nothing but definitions are
 * taken: `Define`/`UnDefine` and `<Macro>` sections. So a `${APP_ROOT}` or a
 * `Use DjangoSite ...` in the fragment means what httpd makes of it, and no
 * other host or setting of a neighbour is mixed in: a file with anything else
 * (a virtual host, a module's directive) is passed over, as unknown stays
 * unknown rather than wrong.
 */
import path from "node:path";
import type { ApacheFileAst, ApacheNode } from "../ast/apache.js";
import type { FsFacade } from "./fs-facade.js";
import type { NotLoaded, ParsedFile } from "./tree.js";

type LoadedFile = ParsedFile<ApacheFileAst>;

/** A directory with more candidates is a hosting box's sites directory: its fragments are not scanned for one lint. */
const MAX_CANDIDATES = 200;
const MAIN_CONFIG = /^(apache2|httpd)\.conf$/i;
const SITES_DIR = /^sites-(enabled|available)$/;
/** A line a definitions file may hold outside a `<Macro>` body. */
const DEFINITION_LINE = /^[ \t]*(?:#|$|(?:Define|UnDefine)[ \t]|<Macro[ \t])/i;

/** Whether the root reads as a whole configuration (modules or ServerRoot of its own) or is a fragment. */
const wholeConfig = (children: ApacheNode[]) => children.some((n) => n.key === "loadmodule" || n.key === "serverroot");

/** Definitions per directory, once a run (the run's parse cache stands for the run). */
const byRun = new WeakMap<object, Map<string, LoadedFile[]>>();

/** The definitions files httpd reads before `entry`, in its order; none for a whole configuration or an `.htaccess`. */
export function preludeOf(
  entry: string,
  root: LoadedFile,
  fsys: FsFacade,
  read: (serverPath: string, given?: string) => LoadedFile | NotLoaded,
  run: object,
): LoadedFile[] {
  const name = path.basename(entry);
  if (MAIN_CONFIG.test(name) || name === ".htaccess" || !name.endsWith(".conf") || wholeConfig(root.ast.children)) return [];
  let dirs = byRun.get(run);
  if (!dirs) byRun.set(run, (dirs = new Map()));
  const dir = path.dirname(entry);
  const out: LoadedFile[] = [];
  if (SITES_DIR.test(path.basename(dir))) out.push(...definitionsIn(path.join(path.dirname(dir), "conf-enabled"), fsys, read, dirs));
  // apr sorts with strcmp: byte order, which JavaScript's comparison is for these names.
  out.push(...definitionsIn(dir, fsys, read, dirs).filter((f) => path.basename(f.path) < name));
  return out.filter((f) => f.path !== root.path);
}

function definitionsIn(
  dir: string,
  fsys: FsFacade,
  read: (p: string, given?: string) => LoadedFile | NotLoaded,
  dirs: Map<string, LoadedFile[]>,
): LoadedFile[] {
  let found = dirs.get(dir);
  if (found) return found;
  found = [];
  dirs.set(dir, found);
  const names = (fsys.list(dir) ?? []).filter((n) => n.endsWith(".conf") && !n.startsWith(".")).sort();
  if (names.length > MAX_CANDIDATES) return found;
  for (const n of names) {
    const p = path.join(dir, n);
    if (fsys.kind(p) !== "file") continue;
    const r = fsys.read(p);
    if (r.error !== undefined || !onlyDefinitions(r.text as string)) continue;
    const f = read(p, r.text as string);
    if ("error" in f || f.ast.problems.length || !f.ast.children.length) continue;
    if (f.ast.children.every((c) => (c.kind === "directive" ? c.key === "define" || c.key === "undefine" : c.key === "macro"))) found.push(f);
  }
  return found;
}

/** A cheap look at the text before parsing it: every line outside a `<Macro>` body is a definition, a comment or blank. */
function onlyDefinitions(text: string): boolean {
  let inMacro = false;
  let continued = false;
  let any = false;
  for (const line of text.split("\n")) {
    const wasContinued = continued;
    continued = /\\\r?$/.test(line);
    if (wasContinued) continue;
    if (inMacro) {
      if (/^[ \t]*<\/Macro[ \t]*>/i.test(line)) inMacro = false;
      continue;
    }
    if (!DEFINITION_LINE.test(line)) return false;
    if (/^[ \t]*<Macro[ \t]/i.test(line)) inMacro = true;
    if (!/^[ \t]*(#|\r?$)/.test(line)) any = true;
  }
  return any && !inMacro;
}
