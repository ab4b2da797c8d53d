/**
 * `--cache`: a lint unit's results (the servers one configuration group lints
 * together: the named files and the main configurations they belong to, with
 * everything those include), kept in one file between runs, so that a second
 * run over an unchanged repository reads and compares instead of parsing and
 * checking.
 *
 * Content, not timestamps (ESLint's `--cache-strategy content`): a checkout,
 * a CI cache restore or an edit within the same second changes mtimes without
 * changing files, or the reverse. The run is a function of its options, of
 * djlint-conf's own code and of what it asked the file system (every read of
 * a config, an included file, a Django settings module or an app-server file;
 * every "is this there" a rule asked; every directory listed; the real path of
 * every input and read file). A miss lints through a recording facade and
 * stores those answers (digests, not contents) with the unit's findings; a
 * lookup asks the same questions again and takes the stored findings only if
 * every answer is the same. The findings are stored as the report shows them
 * (messages already redacted); the file is created readable by its owner only,
 * and a cache file someone else could have written is not read.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pkg from "../../package.json" with { type: "json" };
import type { FoundConfig } from "../config/discover.js";
import type { Diagnostic } from "../core/diagnostic.js";
import { allRules } from "../engine/registry.js";
import { lintInput } from "../api/lint.js";
import type { FileResult, LintOptions, LintResult } from "../engine/run.js";
import { describeWriteError, writeOwnFile } from "../fix/write.js";
import { DiskFs, type FsFacade, type Kind } from "../load/fs-facade.js";
import { PathMap } from "../load/path-map.js";

/** Where the cache goes without --cache-location, as ESLint's `.eslintcache`: in the working directory. */
export const DEFAULT_CACHE_FILE = ".djlint-conf-cache";
const FORMAT = "djlint-conf-cache";
const SCHEMA = 1;
/** Far above what a repository's findings take (6 MB of configuration: under 4 MB): anything larger is not read. */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

/** What a run asked the file system, and what it was told (in the order asked: a replay asks in the same order). */
interface Seen {
  /** Path -> digest of its text, or "!" and why it could not be read. */
  read: Map<string, string>;
  kind: Map<string, Kind>;
  /** Directory -> digest of its sorted names, or null. */
  list: Map<string, string | null>;
  identity: Map<string, string | null>;
  /** Input or read path -> its real path (the engine claims files by real path). */
  real: Map<string, string>;
  /** Path -> the target of the link to nothing it is, or null. */
  dangling: Map<string, string | null>;
}

/** A unit's stored result: the report's findings and what the formats read beside them, never file contents. */
interface Stored {
  results: FileResult[];
  skipped: LintResult["skipped"];
  unreadable?: string[];
  templateVariants?: number;
  servers?: { root: string; files: string[] }[];
  djangoFiles?: string[];
  /** Result files whose text (the JSON format's `source`, its fixes' ranges) is a file as read, and the path it was read by: served from the replay's read. */
  texts: [string, string][];
}

interface Entry {
  /** Which inputs, from where: a newer entry for the same ones replaces this one. */
  unit: string;
  inputs: string[];
  seen: Seen;
  result: Stored;
}

type Note = (message: string) => void;

/** What the cache needs of the command's I/O: where it runs, where notes go, and DEBUG (which adds a line of hits and misses). */
export interface CacheIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stderr: { write(s: string): unknown };
}

/** `--cache-location`: a directory (existing, or written with a trailing slash) holds `.djlint-conf-cache`. */
export function cacheFile(location: string | undefined, cwd: string): string {
  if (location === undefined) return path.join(cwd, DEFAULT_CACHE_FILE);
  const abs = path.resolve(cwd, location);
  let dir = /[\\/]$/.test(location);
  try {
    dir ||= fs.statSync(abs).isDirectory();
  } catch {
    // not there yet: a file, unless written as a directory
  }
  return dir ? path.join(abs, DEFAULT_CACHE_FILE) : abs;
}

export class LintCache {
  private entries = new Map<string, Entry>();
  private salt = crypto.randomBytes(16).toString("hex");
  private dirty = false;
  /** Not ours to write (someone else could have written it): read nothing, write nothing. */
  private readOnly = false;
  /** Units looked up this run, and whether each hit (DEBUG prints them). */
  readonly stats = { hits: 0, misses: 0 };

  private constructor(
    readonly file: string,
    private note: Note,
    private debug: Note | null,
  ) {}

  /** The cache `--cache-location` names (or the default): what it holds if it is ours and well-formed; empty (and rewritten) otherwise. */
  static open(location: string | undefined, io: CacheIo): LintCache {
    const say = (m: string) => io.stderr.write(`djlint-conf: ${m}\n`);
    const cache = new LintCache(cacheFile(location, io.cwd), (m) => say(`warning: ${m}`), io.env.DEBUG ? say : null);
    cache.load();
    return cache;
  }

  private load() {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(this.file, { throwIfNoEntry: false });
    } catch (e) {
      this.note(`cannot read the cache ${this.file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): linting without it`);
      this.readOnly = true;
      return;
    }
    if (!st) return void (this.dirty = true);
    const why = untrusted(st);
    if (why) {
      this.note(`the cache ${this.file} is ignored and left alone: ${why}`);
      this.readOnly = true;
      return;
    }
    if (st.size > MAX_CACHE_BYTES) {
      this.note(`the cache ${this.file} is larger than ${MAX_CACHE_BYTES / 1024 / 1024} MB: ignored, and rewritten`);
      this.dirty = true;
      return;
    }
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch (e) {
      this.note(`cannot read the cache ${this.file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): linting without it`);
      this.readOnly = true;
      return;
    }
    this.dirty = true; // rewritten unless it proves to be current
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return this.note(`the cache ${this.file} is not valid JSON: ignored, and rewritten`);
    }
    const d = data as Record<string, unknown>;
    if (!isObject(d) || d.format !== FORMAT) return this.note(`${this.file} is not a djlint-conf cache: ignored, and rewritten`);
    // Another version or build of djlint-conf (or another rule set): its results may differ; dropped without a word, as ESLint does.
    if (d.schema !== SCHEMA || d.build !== build()) return;
    const entries = readEntries(d);
    if (entries === null || typeof d.salt !== "string" || !/^[0-9a-f]{32}$/.test(d.salt))
      return this.note(`the cache ${this.file} is damaged: ignored, and rewritten`);
    this.salt = d.salt;
    this.entries = entries;
    this.dirty = false;
  }

  private digest(text: string): string {
    return crypto.createHash("sha256").update(this.salt).update(text).digest("base64url");
  }

  /** lintFiles, through the cache: `config` is the configuration group's file (its `dialects` globs are a function in `opts`). */
  lint(inputs: string[], opts: LintOptions, config: FoundConfig | null): LintResult {
    const cwd = opts.cwd ?? process.cwd();
    const abs = inputs.map((f) => path.resolve(cwd, f));
    const unit = sha256(canonical({ cwd, inputs: abs }));
    const key = sha256(canonical({ unit, options: keyOptions(opts), config: config ? { file: config.file, config: config.config } : null }));
    const entry = this.readOnly ? undefined : this.entries.get(key);
    if (entry) {
      const texts = replay(entry, opts, cwd, (t) => this.digest(t), this.file);
      if (texts) {
        this.stats.hits++;
        return fromStored(entry.result, texts, opts);
      }
    }
    this.stats.misses++;
    const rec = new RecordingFs(new DiskFs(new PathMap(opts.map ?? [], cwd)), (t) => this.digest(t), this.file);
    const run = lintInput({ paths: inputs, options: opts, fs: rec });
    if (this.readOnly) return run;
    const real = realPath();
    for (const p of [...abs, ...rec.seen.read.keys()]) if (!rec.seen.real.has(p)) rec.seen.real.set(p, real(p));
    const result = toStored(run, rec);
    // Replaced, not kept beside: one entry per set of inputs.
    for (const [k, e] of this.entries) if (e.unit === unit) this.entries.delete(k);
    if (result) this.entries.set(key, { unit, inputs: abs, seen: rec.seen, result });
    this.dirty = true;
    return run;
  }

  /** Writes the cache (atomically, through src/fix/write.ts) when it changed, without the units whose inputs are gone. */
  save() {
    this.debug?.(`cache ${this.file}: ${this.stats.hits} unit(s) from the cache, ${this.stats.misses} linted`);
    if (this.readOnly) return;
    for (const [k, e] of this.entries) {
      if (e.inputs.some((f) => !fs.existsSync(f))) {
        this.entries.delete(k);
        this.dirty = true;
      }
    }
    if (!this.dirty) return;
    const out = {
      format: FORMAT,
      schema: SCHEMA,
      version: pkg.version,
      build: build(),
      salt: this.salt,
      entries: [...this.entries].map(([k, e]) => [k, entryJson(e)]),
    };
    try {
      writeOwnFile(this.file, JSON.stringify(out) + "\n");
    } catch (e) {
      const why = describeWriteError(e);
      if (why === null) throw e;
      this.note(`cannot write the cache ${this.file}: ${why}`);
    }
  }
}

/** A file system facade that remembers every question and its answer. */
class RecordingFs implements FsFacade {
  readonly seen: Seen = { read: new Map(), kind: new Map(), list: new Map(), identity: new Map(), real: new Map(), dangling: new Map() };
  /** Local path -> the path it was first read by (reports name files by local path). */
  readonly readAs = new Map<string, string>();
  /** Path -> the text read (the strings the run keeps anyway): what a report's text is compared with. */
  readonly texts = new Map<string, string>();
  constructor(
    private base: DiskFs,
    private digest: (text: string) => string,
    private self: string,
  ) {}
  local(p: string) {
    return this.base.local(p);
  }
  kind(p: string) {
    const k = this.base.kind(p);
    this.seen.kind.set(p, k);
    return k;
  }
  list(p: string) {
    const l = this.base.list(p);
    this.seen.list.set(p, listDigest(l, this.base.local(p), this.self, this.digest));
    return l;
  }
  read(p: string) {
    const r = this.base.read(p);
    if (!this.seen.read.has(p)) {
      this.seen.read.set(p, r.text !== undefined ? this.digest(r.text) : `!${r.error}`);
      if (r.text !== undefined) this.texts.set(p, r.text);
    }
    const local = this.base.local(p);
    if (!this.readAs.has(local)) this.readAs.set(local, p);
    return r;
  }
  identity(p: string) {
    const id = this.base.identity(p);
    this.seen.identity.set(p, id);
    return id;
  }
  danglingLink(p: string) {
    const t = this.base.danglingLink(p);
    this.seen.dangling.set(p, t);
    return t;
  }
  /** Only the path map (part of the cache key) decides it: nothing to record. */
  serverPath(p: string) {
    return this.base.serverPath(p);
  }
}

/**
 * The same questions asked again (cheapest first); the texts of `entry.result.texts`
 * as read now, or null as soon as one answer differs.
 */
/**
 * A directory listing's digest. The cache file itself is left out: a run that
 * lists the directory the cache lives in (the working directory, searched for
 * a project or a Compose file) must not be invalidated by the cache it wrote.
 */
function listDigest(l: string[] | null, dir: string, self: string, digest: (text: string) => string): string | null {
  if (l === null) return null;
  const own = path.dirname(self) === dir ? path.basename(self) : null;
  return digest((own ? l.filter((n) => n !== own) : l).join("\0"));
}

function replay(entry: Entry, opts: LintOptions, cwd: string, digest: (text: string) => string, self: string): Map<string, string> | null {
  const seen = entry.seen;
  const real = realPath();
  for (const [p, want] of seen.real) if (real(p) !== want) return null;
  const fsys = new DiskFs(new PathMap(opts.map ?? [], cwd));
  for (const [p, want] of seen.kind) if (fsys.kind(p) !== want) return null;
  for (const [p, want] of seen.identity) if (fsys.identity(p) !== want) return null;
  for (const [p, want] of seen.dangling) if (fsys.danglingLink(p) !== want) return null;
  for (const [p, want] of seen.list) {
    if (listDigest(fsys.list(p), fsys.local(p), self, digest) !== want) return null;
  }
  const read = new Map<string, string>();
  const needed = new Set(entry.result.texts.map(([, as]) => as));
  for (const [p, want] of seen.read) {
    const r = fsys.read(p);
    if ((r.text !== undefined ? digest(r.text) : `!${r.error}`) !== want) return null;
    if (needed.has(p)) read.set(p, r.text as string);
  }
  return new Map(entry.result.texts.map(([file, as]) => [file, read.get(as) as string]));
}

/** What to keep of a run; null when the run cannot be replayed exactly (a template's variant text in the report). */
function toStored(run: LintResult, rec: RecordingFs): Stored | null {
  const texts: [string, string][] = [];
  for (const r of run.results) {
    const t = run.textOf?.(r.filePath);
    if (t === undefined) continue;
    const as = rec.readAs.get(r.filePath);
    if (as === undefined || rec.texts.get(as) !== t) return null;
    texts.push([r.filePath, as]);
  }
  return {
    results: run.results.map((r) => ({ filePath: r.filePath, dialect: r.dialect, messages: r.messages })),
    skipped: run.skipped,
    ...(run.unreadable ? { unreadable: run.unreadable } : {}),
    ...(run.templateVariants !== undefined ? { templateVariants: run.templateVariants } : {}),
    ...(run.servers ? { servers: run.servers } : {}),
    ...(run.djangoFiles ? { djangoFiles: run.djangoFiles } : {}),
    texts,
  };
}

/** A run as lintFiles returns it, from a stored one (a copy: callers filter and sort it). */
function fromStored(s: Stored, texts: Map<string, string>, opts: LintOptions): LintResult {
  const copy = JSON.parse(JSON.stringify(s)) as Stored;
  return {
    results: copy.results,
    skipped: copy.skipped,
    rules: (opts.registry ?? allRules()).map((r) => r.meta),
    ...(copy.unreadable ? { unreadable: copy.unreadable } : {}),
    ...(copy.templateVariants !== undefined ? { templateVariants: copy.templateVariants } : {}),
    ...(copy.servers ? { servers: copy.servers } : {}),
    ...(copy.djangoFiles ? { djangoFiles: copy.djangoFiles } : {}),
    textOf: (f) => texts.get(f),
  };
}

/** The options that change results, as data: the engine's hooks (the facade, the configuration's dialect globs) are keyed otherwise. */
function keyOptions(opts: LintOptions): unknown {
  const { fs: _fs, overlay: _overlay, registry, dialectOf: _dialectOf, cwd: _cwd, ...rest } = opts;
  return { ...rest, registry: registry?.map((r) => r.meta.id) };
}

let buildId: string | undefined;
/** This djlint-conf: its version, its rules (ids, severities, messages, fixes) and the code that runs (the bundle's size and time). */
function build(): string {
  if (buildId !== undefined) return buildId;
  let code = "";
  try {
    const st = fs.statSync(fs.realpathSync(fileURLToPath(import.meta.url)));
    code = `${st.size}:${st.mtimeMs}`;
  } catch {
    // no file to stat (bundled into something else): the version and rules still key it
  }
  return (buildId = sha256(canonical({ version: pkg.version, code, rules: allRules().map((r) => r.meta) })));
}

/** Why a cache file must not be believed: someone other than this user (or root) could have written its findings. */
function untrusted(st: fs.Stats): string | null {
  if (!st.isFile()) return "it is not a regular file";
  const uid = process.geteuid?.();
  if (uid === undefined) return null;
  if (st.uid !== uid && st.uid !== 0) return `it is owned by uid ${st.uid}, not by you`;
  if (st.mode & 0o022) return `it is writable by ${st.mode & 0o020 ? "its group" : "others"} (mode ${(st.mode & 0o777).toString(8)})`;
  return null;
}

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("base64url");

/** JSON with object keys sorted, so that equal options give equal keys. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (!isObject(x)) return x;
    return Object.fromEntries(
      Object.keys(x)
        .sort()
        .map((k) => [k, (x as Record<string, unknown>)[k]]),
    );
  });
}

function realPath(): (p: string) => string {
  return (p) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return p;
    }
  };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

// ----------------------------------------------------------- the file's shape

function entryJson(e: Entry) {
  return {
    unit: e.unit,
    inputs: e.inputs,
    result: { ...e.result, texts: e.result.texts.map(([f, as]) => (f === as ? f : [f, as])) },
    // A path that is its own real path, a text read by the path it is reported by (most of them): written once.
    seen: {
      read: [...e.seen.read],
      kind: [...e.seen.kind],
      list: [...e.seen.list],
      identity: [...e.seen.identity],
      real: [...e.seen.real].map(([p, r]) => [p, r === p ? null : r]),
      // Rarely asked (an include's names that are not there): only when there is something.
      ...(e.seen.dangling.size ? { dangling: [...e.seen.dangling] } : {}),
    },
  };
}

/** The entries of a parsed cache file, every field checked; null when anything is not as written. */
function readEntries(d: Record<string, unknown>): Map<string, Entry> | null {
  if (!Array.isArray(d.entries)) return null;
  const out = new Map<string, Entry>();
  for (const pair of d.entries) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string") return null;
    const e = readEntry(pair[1]);
    if (!e) return null;
    out.set(pair[0], e);
  }
  return out;
}

const isStr = (x: unknown): x is string => typeof x === "string";
const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
const isStrArray = (x: unknown): x is string[] => Array.isArray(x) && x.every(isStr);
const isOneOf = (x: unknown, values: readonly unknown[]) => values.includes(x);

function pairs<V>(x: unknown, value: (v: unknown) => v is V): Map<string, V> | null {
  if (!Array.isArray(x)) return null;
  const m = new Map<string, V>();
  for (const p of x) {
    if (!Array.isArray(p) || p.length !== 2 || !isStr(p[0]) || !value(p[1])) return null;
    m.set(p[0], p[1]);
  }
  return m;
}

function readEntry(x: unknown): Entry | null {
  if (!isObject(x) || !isStr(x.unit) || !isStrArray(x.inputs) || !isObject(x.seen) || !isObject(x.result)) return null;
  const s = x.seen;
  const read = pairs(s.read, isStr);
  const kind = pairs(s.kind, (v): v is Kind => isOneOf(v, ["file", "dir", null]));
  const list = pairs(s.list, (v): v is string | null => v === null || isStr(v));
  const identity = pairs(s.identity, (v): v is string | null => v === null || isStr(v));
  const real = pairs(s.real, (v): v is string | null => v === null || isStr(v));
  const dangling = s.dangling === undefined ? new Map<string, string | null>() : pairs(s.dangling, (v): v is string | null => v === null || isStr(v));
  if (!read || !kind || !list || !identity || !real || !dangling) return null;
  if (!isStored(x.result)) return null;
  const texts = x.result.texts.map((t) => (isStr(t) ? ([t, t] as [string, string]) : t));
  const reals = new Map([...real].map(([p, r]) => [p, r ?? p]));
  return { unit: x.unit, inputs: x.inputs, seen: { read, kind, list, identity, real: reals, dangling }, result: { ...x.result, texts } };
}

/** A stored result as written: `texts` holds a path alone where it is read by the path it is reported by. */
function isStored(r: Record<string, unknown>): r is Record<string, unknown> & Omit<Stored, "texts"> & { texts: (string | [string, string])[] } {
  if (!Array.isArray(r.results) || !r.results.every(isFileResult)) return false;
  if (!Array.isArray(r.skipped) || !r.skipped.every((s) => isObject(s) && isStr(s.filePath) && isStr(s.reason))) return false;
  if (r.unreadable !== undefined && !isStrArray(r.unreadable)) return false;
  if (r.templateVariants !== undefined && !isNum(r.templateVariants)) return false;
  if (r.djangoFiles !== undefined && !isStrArray(r.djangoFiles)) return false;
  if (r.servers !== undefined && !(Array.isArray(r.servers) && r.servers.every((s) => isObject(s) && isStr(s.root) && isStrArray(s.files)))) return false;
  return Array.isArray(r.texts) && r.texts.every((t) => isStr(t) || (Array.isArray(t) && t.length === 2 && isStr(t[0]) && isStr(t[1])));
}

function isFileResult(x: unknown): x is FileResult {
  return isObject(x) && isStr(x.filePath) && (x.dialect === null || isStr(x.dialect)) && Array.isArray(x.messages) && x.messages.every(isDiagnostic);
}

const isRange = (r: unknown) => isObject(r) && ["start", "end", "line", "column", "endLine", "endColumn"].every((k) => isNum(r[k]));

function isDiagnostic(x: unknown): x is Diagnostic {
  if (
    !isObject(x) ||
    !(x.ruleId === null || isStr(x.ruleId)) ||
    !isOneOf(x.severity, ["error", "warning", "info"]) ||
    !isStr(x.message) ||
    !isStr(x.file) ||
    !isRange(x.range)
  )
    return false;
  if (x.related !== undefined && !(Array.isArray(x.related) && x.related.every((r) => isObject(r) && isStr(r.file) && isRange(r.range) && isStr(r.message))))
    return false;
  if (x.fix === undefined) return true;
  const f = x.fix;
  return (
    isObject(f) &&
    isStr(f.title) &&
    isOneOf(f.safety, ["safe", "unsafe"]) &&
    Array.isArray(f.edits) &&
    f.edits.every((e) => isObject(e) && isStr(e.file) && isNum(e.start) && isNum(e.end) && isStr(e.text))
  );
}
