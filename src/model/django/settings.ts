/**
 * A project's settings module read statically: the dotted module (or file)
 * resolved on the project's Python path, evaluated with the star imports of
 * split settings packages followed inside the project (`from .base import *`,
 * `from pkg.settings.base import *`, `settings/__init__.py`). Each file is
 * read and evaluated once per reader; import cycles and files that cannot be
 * read end in an unknown with a reason, never an exception.
 */
import path from "node:path";
import ignore from "ignore";
import type { FsFacade } from "../../load/fs-facade.js";
import {
  evaluateModule,
  MAX_PYTHON_BYTES,
  moduleSource,
  type Binding,
  type ModuleHost,
  type ModuleResult,
  type ModuleSource,
  type NotFollowed,
} from "./python/module.js";
import { toJSON, truthy, type Location, type PyValue } from "./python/values.js";

/** How many modules one settings read may evaluate, and how deep imports may nest. */
const MAX_MODULES = 200;
const MAX_DEPTH = 32;

/** One setting as `--print-django` shows it. */
export interface SettingFact {
  value?: unknown;
  unknown?: string;
  default?: unknown;
  /** Every value an unknown setting may hold, when an undecided `if` chose between known ones (PyValue's `alternatives`). */
  alternatives?: unknown[];
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  start: number;
  end: number;
  /** Python's truth of the value (`"False"` is true), when it is known. */
  truthy?: boolean;
  /** The last statement that changed the value after it was assigned (`ALLOWED_HOSTS += ["*"]`, `.append(...)`). */
  changedAt?: Omit<SettingFact, "value" | "unknown" | "default" | "truthy" | "changedAt" | "alternatives">;
}

export interface SettingsRead {
  /** The dotted module, when known. */
  module: string | null;
  /** The file the module resolved to, or null (see `error`). */
  file: string | null;
  /** Every file evaluated for the module, the module's own first. */
  files: string[];
  /** Why the settings cannot be read at all, or null. */
  error: string | null;
  result: ModuleResult | null;
}

/** The Python path of a project and the modules read from it. */
export class PythonReader implements ModuleHost {
  /** Each file's reads: the results so far and what they leave exact together (see `evaluate`). */
  private cache = new Map<string, ModuleReads>();
  /** Each file's text and parsed statements (or why it cannot be read), shared by its reads. */
  private sources = new Map<string, ModuleSource | string>();
  /** Where each import statement leads (by importer and level), resolved once. */
  private targets = new Map<string, { file: string; name: string | null } | NotFollowed>();
  private stack: string[] = [];
  /** Where each dotted module was found on which roots. */
  private found = new Map<string, { file: string; root: string } | null>();

  constructor(
    readonly fs: FsFacade,
    /** Directories on sys.path (server paths), in order. */
    readonly roots: string[],
    /**
     * The settings to read (a lint: the ones its rules read): only the statements that can change them
     * are evaluated, and only their values are exact. All when absent (`--print-django`, the tests).
     */
    readonly wanted: readonly string[] | null = null,
    /**
     * Packages the system's Python holds (Debian's graphite-web in /usr/lib/python3/dist-packages): a module whose top
     * package is one of `tops` (the settings modules the server names) is looked for in `dirs` when the roots do not
     * hold it. Only those: the libraries beside it (Django's own, django-environ's) are not read.
     */
    readonly site: { tops: ReadonlySet<string>; dirs: () => string[] } | null = null,
  ) {}

  /** The file of a dotted module under the roots: `a/b.py` or `a/b/__init__.py`. */
  findModule(dotted: string, roots = this.roots): { file: string; root: string } | null {
    // Asked again for each setting a lint reads: looked up on disk once.
    const key = `${dotted}\0${roots.join("\0")}`;
    let found = this.found.get(key);
    if (found === undefined) this.found.set(key, (found = this.lookUpModule(dotted, roots)));
    return found;
  }

  private lookUpModule(dotted: string, roots: string[]): { file: string; root: string } | null {
    if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(dotted)) return null;
    const rel = dotted.split(".").join("/");
    for (const root of roots) {
      // A package shadows a module of the same name (Python's path finder looks for the directory first).
      for (const f of [`${rel}/__init__.py`, `${rel}.py`]) {
        const p = path.posix.join(root, f);
        if (this.fs.kind(p) === "file") return { file: p, root };
      }
    }
    if (this.site?.tops.has(dotted.split(".")[0])) {
      const dirs = this.site.dirs().filter((d) => !roots.includes(d));
      if (dirs.length) return this.lookUpModule(dotted, dirs);
    }
    return null;
  }

  importModule(module: string, level: number, from: { file: string; module: string | null; scope?: ReadonlySet<string> | null }): ModuleResult | NotFollowed {
    const target = this.target(module, level, from);
    if ("notFollowed" in target) return target;
    const { file, name } = target;
    const label = `${".".repeat(level)}${module}`;
    if (this.stack.includes(file)) return { notFollowed: `which imports ${label} again while it is being read (an import cycle)` };
    // The imported module must leave exact every name the importer needs (a star import copies them).
    return this.evaluate(file, name, from.scope ?? null);
  }

  importFails(module: string, level: number, from: { file: string; module: string | null }): boolean {
    const target = this.target(module, level, from);
    return "missing" in target && target.missing === true;
  }

  /** Where an import leads: the same on every read of the importer, so looked up once. */
  private target(module: string, level: number, from: { file: string; module: string | null }): { file: string; name: string | null } | NotFollowed {
    const key = `${level}\0${module}\0${from.file}\0${from.module}`;
    let target = this.targets.get(key);
    if (!target) this.targets.set(key, (target = this.importTarget(module, level, from)));
    return target;
  }

  /**
   * A module of the project's own packages that is not there: Python raises ImportError at its import, unless the
   * repository keeps it out of git (a `.gitignore` between it and the repository's root names it: `local_settings.py`,
   * kept on each machine, may be on the server).
   */
  private notThere(why: string, file: string): NotFollowed {
    const ignoredBy = gitignoreNaming(this.fs, file);
    return ignoredBy ? { notFollowed: `${why}, and ${ignoredBy} keeps it out of git: it may be on the server` } : { notFollowed: why, missing: true };
  }

  private importTarget(module: string, level: number, from: { file: string; module: string | null }): { file: string; name: string | null } | NotFollowed {
    let file: string | null = null;
    let name: string | null;
    if (level > 0) {
      let dir = path.posix.dirname(from.file);
      for (let i = 1; i < level; i++) dir = path.posix.dirname(dir);
      const rel = module ? module.split(".").join("/") : "";
      for (const f of rel ? [`${rel}/__init__.py`, `${rel}.py`] : ["__init__.py"]) {
        const p = path.posix.join(dir, f);
        if (this.fs.kind(p) === "file") {
          file = p;
          break;
        }
      }
      const pkg = from.module ? packageOf(from.module, from.file, level) : null;
      name = pkg !== null ? [pkg, module].filter(Boolean).join(".") : null;
      // Its package is the importer's own (or one above it): Python raises ImportError here.
      if (!file)
        return this.notThere(`which is not in the project (${path.posix.join(dir, rel || "__init__")}.py cannot be read)`, path.posix.join(dir, `${rel}.py`));
    } else {
      const roots = [...this.roots, ...impliedRoots(from)];
      const found = this.findModule(module, roots);
      if (!found) {
        // A module of a package the project holds (`lakeside.settings.local` beside `lakeside/settings/__init__.py`): Python raises ImportError.
        const parent = module.includes(".") ? this.findModule(module.slice(0, module.lastIndexOf(".")), roots) : null;
        const why = `which is not in the project (no ${module.split(".").join("/")}.py on the project's path${this.roots.length ? ` ${this.roots.join(", ")}` : ""})`;
        return parent?.file.endsWith("/__init__.py")
          ? this.notThere(why, path.posix.join(path.posix.dirname(parent.file), `${module.slice(module.lastIndexOf(".") + 1)}.py`))
          : { notFollowed: why };
      }
      file = found.file;
      name = module;
    }
    return { file, name };
  }

  /**
   * Evaluate one file, exact for the names in `wanted` (all when null). The reads of a file add up: a read
   * for names earlier reads leave exact is answered from them, and one for other names evaluates the file
   * only for the names still missing (parsing only the statements no earlier read parsed; the file is read
   * from disk once). So a star-imported module asked for one setting after another (split settings) runs
   * each of its statements about once, not once per setting.
   */
  evaluate(file: string, module: string | null, wanted: ReadonlySet<string> | readonly string[] | null = this.wanted): ModuleResult {
    const reads = this.cache.get(file);
    let missing: string[] | null = null;
    if (reads) {
      if (reads.whole) return reads.whole;
      if (wanted !== null) {
        missing = [];
        for (const n of wanted) if (!reads.exact.has(n)) missing.push(n);
        if (!missing.length) return reads.merged;
      }
    }
    const fail = (error: string): ModuleResult => ({ file, module, names: new Map(), opaque: [], error, followed: [] });
    if (!reads && this.cache.size >= MAX_MODULES) return fail(`more than ${MAX_MODULES} modules imported: not followed further`);
    if (this.stack.length >= MAX_DEPTH) return fail(`imports nested more than ${MAX_DEPTH} deep`);
    let source = this.sources.get(file);
    if (source === undefined) {
      const read = this.fs.read(file);
      if (read.text === undefined) source = `${file} cannot be read: ${read.error ?? "unknown error"}`;
      else if (read.text.length > MAX_PYTHON_BYTES) source = `${file} is larger than 1 MB: not read as Python`;
      else source = moduleSource(read.text.replace(/^\ufeff/, ""));
      this.sources.set(file, source);
    }
    let result: ModuleResult;
    if (typeof source === "string") result = fail(source);
    else {
      this.stack.push(file);
      try {
        result = evaluateModule(file, source.text, module, this, missing ?? wanted, source);
      } finally {
        this.stack.pop();
      }
    }
    // A failed read fails for every name, and a whole read is exact for every name: the one result covers them all.
    if (result.error || !result.scope) {
      result.scope = null;
      this.cache.set(file, { results: [result], exact: new Set(), merged: result, whole: result });
      return result;
    }
    if (!reads) {
      this.cache.set(file, { results: [result], exact: new Set(result.scope), merged: result, whole: null });
      return result;
    }
    reads.results.push(result);
    for (const n of result.scope) reads.exact.add(n);
    reads.merged = mergeReads(reads.results, reads.exact);
    return reads.merged;
  }

  /** A file's dotted name from the packages around it (directories with `__init__.py`), as Python finds it from the directory above them. */
  packageModule(file: string): string | null {
    const parts = [path.posix.basename(file).replace(/\.py$/, "")];
    if (!/^[A-Za-z_]\w*$/.test(parts[0])) return null;
    let dir = path.posix.dirname(file);
    for (let i = 0; i < MAX_DEPTH && this.fs.kind(path.posix.join(dir, "__init__.py")) === "file"; i++) {
      const name = path.posix.basename(dir);
      if (!/^[A-Za-z_]\w*$/.test(name)) break;
      parts.unshift(name);
      dir = path.posix.dirname(dir);
    }
    if (parts[parts.length - 1] === "__init__") parts.pop();
    return parts.join(".") || null;
  }

  /** A settings module by dotted name, or a settings file by path. */
  readSettings(target: string, wanted: readonly string[] | null = this.wanted): SettingsRead {
    const isFile = target.endsWith(".py") || target.includes("/");
    if (isFile) {
      const result = this.evaluate(target, moduleOfFile(target, this.roots) ?? this.packageModule(target), wanted);
      return { module: result.module, file: target, files: [target, ...result.followed], error: result.error, result };
    }
    const found = this.findModule(target);
    if (!found) {
      return {
        module: target,
        file: null,
        files: [],
        error: `the settings module ${target} is not on the project's path (${this.roots.join(", ") || "no directory known"})`,
        result: null,
      };
    }
    const result = this.evaluate(found.file, target, wanted);
    return { module: target, file: found.file, files: [found.file, ...result.followed], error: result.error, result };
  }
}

/** A file's reads so far (settings.ts `evaluate`). */
interface ModuleReads {
  results: ModuleResult[];
  /** The names some read leaves exact. */
  exact: Set<string>;
  /** The reads as one: each exact name from a read exact for it. */
  merged: ModuleResult;
  /** A read exact for every name (the whole module, or a failure), once there is one. */
  whole: ModuleResult | null;
}

/**
 * Reads of one module for different names, as one read exact for all their names: each read evaluated the
 * statements that can change its names in file order, so its value of a name of its scope is the module's.
 * The star imports and other statements that may change any name are in every read: their effects
 * (`opaque`, `followed`) are the same in each.
 */
function mergeReads(results: ModuleResult[], exact: Set<string>): ModuleResult {
  const names = new Map<string, Binding>();
  for (const r of results) {
    for (const n of r.scope ?? []) {
      if (names.has(n)) continue;
      const b = r.names.get(n);
      if (b) names.set(n, b);
    }
  }
  const last = results[results.length - 1];
  return { file: last.file, module: last.module, names, opaque: last.opaque, error: null, followed: last.followed, scope: new Set(exact) };
}

/** The package a relative import of `level` dots resolves against, from the importing module's name. */
function packageOf(module: string, file: string, level: number): string | null {
  const parts = module.split(".");
  // A package's __init__ is the package itself; a module's package is its parent.
  const base = path.posix.basename(file) === "__init__.py" ? parts : parts.slice(0, -1);
  if (level - 1 > base.length) return null;
  return base.slice(0, base.length - (level - 1)).join(".");
}

/** sys.path entries implied by a module's own name and file: `a.b.c` at /x/a/b/c.py means /x is on the path. */
function impliedRoots(from: { file: string; module: string | null }): string[] {
  if (!from.module) return [];
  let dir = path.posix.dirname(from.file);
  const depth = from.module.split(".").length - (path.posix.basename(from.file) === "__init__.py" ? 0 : 1);
  for (let i = 0; i < depth; i++) dir = path.posix.dirname(dir);
  return [dir];
}

function moduleOfFile(file: string, roots: string[]): string | null {
  for (const r of roots) {
    const rel = path.posix.relative(r, file);
    if (rel.startsWith("..") || path.posix.isAbsolute(rel)) continue;
    const parts = rel.replace(/\.py$/, "").split("/");
    if (parts[parts.length - 1] === "__init__") parts.pop();
    if (parts.every((p) => /^[A-Za-z_]\w*$/.test(p))) return parts.join(".");
  }
  return null;
}

/** A setting as the settings module leaves it; `notSet` when nothing assigns it (Django's default applies). */
export function settingOf(read: SettingsRead, name: string): { binding: Binding } | { unknown: string } | { notSet: true } {
  if (!read.result || read.error) return { unknown: read.error ?? "the settings could not be read" };
  const b = read.result.names.get(name);
  if (b) return { binding: b };
  const opaque = read.result.opaque[read.result.opaque.length - 1];
  if (opaque) return { unknown: `not set where the linter can see it; may be set by ${opaque.reason}` };
  return { notSet: true };
}

/** A binding as JSON for `--print-django`. */
export function settingFact(b: Binding): SettingFact {
  const v = b.value;
  const last = v.kind === "unknown" ? undefined : b.changes[b.changes.length - 1];
  const fact: SettingFact = { ...valueFacts(v), ...location(b.at), ...(last ? { changedAt: location(last) } : {}) };
  // Computed when a rule (or --print-django) asks: the branches of the `if` are run again then.
  const alternatives = v.kind === "unknown" ? v.alternatives : undefined;
  if (alternatives) {
    let json: unknown[] | undefined | null = null;
    Object.defineProperty(fact, "alternatives", { get: () => (json === null ? (json = alternatives()?.map(toJSON)) : json), enumerable: true });
  }
  return fact;
}

function valueFacts(v: PyValue): Pick<SettingFact, "value" | "unknown" | "default" | "truthy"> {
  if (v.kind === "unknown") return v.default === undefined ? { unknown: v.reason } : { unknown: v.reason, default: toJSON(v.default) };
  if (v.kind === "builtin") return { unknown: `${v.name} (not a value)` };
  const truth = truthy(v);
  return truth === null ? { value: toJSON(v) } : { value: toJSON(v), truthy: truth };
}

function location(at: Location): Omit<Location, never> {
  return { file: at.file, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn, start: at.start, end: at.end };
}

const systemSites = new WeakMap<FsFacade, string[]>();

/**
 * The system Python's package directories, as distributions lay them out and Python searches them: pip's
 * /usr/local/lib/pythonX.Y/dist-packages, Debian's /usr/lib/python3/dist-packages (and pythonX.Y's, Python 2's),
 * Fedora's and RHEL's site-packages in /usr/lib and /usr/lib64; those there, and only where `--map` maps them to a
 * copy of the server: unmapped, they would be the linting machine's own packages (a developer's `config` package
 * taken for the server's). Listed once a run.
 */
export function systemSiteDirs(fs: FsFacade): string[] {
  let out = systemSites.get(fs);
  if (out) return out;
  out = [];
  for (const lib of ["/usr/local/lib", "/usr/lib", "/usr/lib64"]) {
    if (fs.local(lib) === lib) continue;
    const pythons = (fs.list(lib) ?? []).filter((n) => /^python[23](\.\d+)?$/.test(n)).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    for (const n of pythons)
      for (const d of ["dist-packages", "site-packages"]) {
        const dir = `${lib}/${n}/${d}`;
        if (fs.kind(dir) === "dir") out.push(dir);
      }
  }
  systemSites.set(fs, out);
  return out;
}

/**
 * The package directories of a Python home (a virtualenv's root, `sys.prefix`): `lib/pythonX.Y/site-packages` (and
 * lib64's), where `pip install` puts an application (Review Board, Weblate) the web server runs from it.
 */
export function homeSiteDirs(fs: FsFacade, home: string): string[] {
  const out: string[] = [];
  for (const lib of ["lib", "lib64"]) {
    const dir = `${home}/${lib}`;
    const pythons = (fs.list(dir) ?? []).filter((n) => /^python[23](\.\d+)?$/.test(n)).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    for (const n of pythons) if (fs.kind(`${dir}/${n}/site-packages`) === "dir") out.push(`${dir}/${n}/site-packages`);
  }
  return out;
}

/** Names Django reads: upper case. */
export const isSettingName = (name: string): boolean => /^[A-Z][A-Z0-9_]*$/.test(name);

/** Levels above a module where a `.gitignore` may name it (the settings package, the project, the repository's root). */
const GITIGNORE_LEVELS = 6;

/** The `.gitignore` (as `dir/.gitignore`) that leaves `file` out of git, looking up to the repository's root; null when none does. */
function gitignoreNaming(fs: FsFacade, file: string): string | null {
  let dir = path.posix.dirname(file);
  for (let level = 0; level < GITIGNORE_LEVELS; level++) {
    const text = fs.read(path.posix.join(dir, ".gitignore")).text;
    if (text !== undefined && ignore().add(text).ignores(path.posix.relative(dir, file))) return path.posix.join(dir, ".gitignore");
    if (fs.kind(path.posix.join(dir, ".git")) !== null || path.posix.dirname(dir) === dir) break;
    dir = path.posix.dirname(dir);
  }
  return null;
}
