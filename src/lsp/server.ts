/**
 * djlint-conf as a Language Server (stdio). Every lint goes through the one
 * engine (`lintFiles`) with the open editor buffers as its overlay, so unsaved
 * text wins over disk and an included file's findings land on its own URI.
 *
 * Lint units: a document is linted together with the main configs
 * (apache2.conf, httpd.conf, nginx.conf, lighttpd.conf) found in its directory
 * and up to three levels above (never above the project root), plus the entry
 * files of earlier lints whose server tree contained it. The engine decides
 * which file belongs to which server; every file of the resulting trees gets a
 * publishDiagnostics (an empty one clears what a file no longer has), under the
 * URI the client opened it with. A unit also remembers the files its Django
 * side read (settings modules, WSGI scripts, app-server files): an edit to one
 * of them, in the editor or on disk (workspace/didChangeWatchedFiles), re-lints
 * the unit.
 *
 * Robustness: transport.ts filters malformed frames and enforces the protocol's
 * lifecycle; schedule.ts lints one version at a time, the newest; client
 * settings are checked like a configuration file and only the bad ones dropped.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { format } from "node:util";
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type CodeAction,
  type Connection,
  type Hover,
  type Diagnostic as LspDiagnostic,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { ConfigFinder, type FoundConfig } from "../config/discover.js";
import { optionsFromConfig, settingsToOptions } from "../config/resolve.js";
import type { ConfigFile, ConfigProblem } from "../config/schema.js";
import { detectDialect } from "../discover/dialect.js";
import { dialectNamed, dialectOfLanguage } from "../dialects/registry.js";
import type { Diagnostic } from "../core/diagnostic.js";
import { ENGINE_IDS } from "../engine/engine-ids.js";
import { allRules } from "../engine/registry.js";
import { lintFiles, type LintOptions } from "../engine/run.js";
import { mainConfigsFor } from "../engine/main-config.js";
import { SourceFile } from "../source/source-file.js";
import type { Dialect } from "../core/dialect.js";
import { FIX_ALL_KIND, SOURCE, codeActions, docsUrl, hover, type Published } from "./features.js";
import { LintScheduler } from "./schedule.js";
import { checkSettings, type ServerSettings } from "./settings.js";
import { stdioTransport, type Lifecycle } from "./transport.js";

export type { ServerSettings } from "./settings.js";
export { docsUrl } from "./features.js";

/** Documents larger than this are not linted (the engine's reader has the same kind of limit). */
const MAX_TEXT = 4 * 1024 * 1024;
const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** For reading only: the client's URI stays the name diagnostics are published under. */
const uriToPath = (uri: string): string | null => {
  try {
    return uri.startsWith("file:") ? path.resolve(fileURLToPath(uri)) : null;
  } catch {
    return null;
  }
};
const pathToUri = (p: string) => pathToFileURL(p).href;
const lintable = (t: string) => t.length <= MAX_TEXT && !t.includes("\u0000");
/** A document's text; null when a client opened it without one. */
const textOf = (d: TextDocument): string | null => {
  const t = d.getText() as unknown;
  return typeof t === "string" ? t : null;
};

/** The open documents at one instant: what a lint reads and the versions its diagnostics belong to. */
interface Snapshot {
  texts: Map<string, string>;
  /** path -> the URIs the client opened it under (usually one). */
  uris: Map<string, string[]>;
  versions: Map<string, number>;
}

export interface LspServerOptions {
  connection?: Connection;
}

export function startLspServer(options: LspServerOptions = {}): Connection {
  const lifecycle: Lifecycle = { initialized: false, shutdown: false };
  // eslint-disable-next-line prefer-const -- assigned once the transport, which logs through it, exists
  let server: DjlintLanguageServer | undefined;
  const log = (m: string) => (server && lifecycle.initialized ? server.log(m) : void process.stderr.write(m + "\n"));
  let connection = options.connection;
  if (!connection) {
    const { reader, writer } = stdioTransport(log, lifecycle);
    connection = createConnection(reader, writer);
    // The client closed our input (or died): nothing more can come. Exit as `exit` would.
    for (const event of ["end", "close"]) process.stdin.on(event, () => process.exit(lifecycle.shutdown ? 0 : 1));
  }
  // stdout carries the protocol: anything a dependency or a JavaScript configuration prints goes to stderr.
  console.log = console.info = console.debug = (...a: unknown[]) => void process.stderr.write(format(...a) + "\n");
  server = new DjlintLanguageServer(connection);
  server.listen();
  return connection;
}

class DjlintLanguageServer {
  private documents = new TextDocuments(TextDocument);
  private knownIds = [...ENGINE_IDS.map((e) => e.id), ...allRules().map((r) => r.meta.id)];
  private finder = this.newFinder();
  private workspaceRoot = process.cwd();
  private initSettings: ServerSettings = {};
  private clientSettings: ServerSettings = {};
  private settingsGeneration = 0;
  private canPullConfig = false;
  private languageOf = new Map<string, string>(); // path -> languageId
  /** uri -> what was last published there (for code actions and hover). */
  private published = new Map<string, Published[]>();
  /** Lint units seen so far, by their sorted inputs: the entry inputs and the files their trees held. */
  private units = new Map<string, { inputs: string[]; files: Set<string>; deps: Set<string> }>();
  /** Whether the client lets the server register file watchers (for the Django files lints read). */
  private canWatch = false;
  private shown = new Set<string>();
  private scheduler = new LintScheduler(this.guard("lint", undefined, (uris: string[]) => this.lintUris(uris)), () => this.settings().debounceMs ?? 150);

  constructor(private connection: Connection) {}

  log(message: string) {
    try {
      this.connection.console.log(message);
    } catch {
      // The connection is gone: nothing to tell.
    }
  }

  /** A problem the user must act on: logged, and shown once per text. */
  private warn(message: string) {
    this.log(message);
    if (this.shown.has(message)) return;
    this.shown.add(message);
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }).catch(() => {});
  }

  private newFinder() {
    return new ConfigFinder(this.knownIds, (m) => this.warn(`djlint-conf: ${m}`));
  }

  private settings(): ServerSettings {
    return { ...this.initSettings, ...this.clientSettings };
  }

  /** Checks settings as the client sent them; the bad ones are reported and left out. */
  private checked(raw: unknown, from: string): ServerSettings {
    const { settings, problems } = checkSettings(raw, this.knownIds);
    if (problems.length) this.warn(`djlint-conf: ignored ${problems.length === 1 ? "a setting" : "settings"} from ${from}: ${listProblems(problems)}`);
    return settings;
  }

  private guard<A extends unknown[], R>(name: string, fallback: R, fn: (...a: A) => R | Promise<R>) {
    return async (...a: A): Promise<R> => {
      try {
        return await fn(...a);
      } catch (e) {
        this.log(`djlint-conf: ${name} failed: ${(e as Error)?.stack ?? String(e)}`);
        return fallback;
      }
    };
  }

  listen() {
    const { connection, documents } = this;
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(this.guard("initialized", undefined, async () => {
      if (this.initProblems.length) this.warn(`djlint-conf: ignored ${this.initProblems.length === 1 ? "a setting" : "settings"} from initializationOptions: ${listProblems(this.initProblems)}`);
      if ((await this.refreshSettings(undefined)) && this.canPullConfig && this.documents.all().length) this.relintAll();
      if (this.canWatch) await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: DJANGO_WATCHERS.map((globPattern) => ({ globPattern })) });
    }));
    connection.onDidChangeWatchedFiles(this.guard("didChangeWatchedFiles", undefined, (params) => {
      // A file on disk changed: the units whose trees or Django side read it are linted again (open buffers still win).
      for (const ch of params.changes) {
        const p = uriToPath(ch.uri);
        if (p && this.dependsOn(p)) this.scheduler.soon(ch.uri);
      }
    }));
    connection.onDidChangeConfiguration(this.guard("didChangeConfiguration", undefined, async (change) => {
      const pushed = (change?.settings as Record<string, unknown> | null)?.["djlint-conf"];
      if (await this.refreshSettings(pushed)) this.relintAll();
    }));
    documents.onDidOpen(this.guard("didOpen", undefined, (e) => {
      const p = uriToPath(e.document.uri);
      if (p) this.languageOf.set(p, e.document.languageId);
      this.scheduler.soon(e.document.uri);
    }));
    documents.onDidChangeContent(this.guard("didChange", undefined, (e) => this.scheduler.changed(e.document.uri)));
    documents.onDidSave(this.guard("didSave", undefined, (e) => {
      this.finder = this.newFinder(); // a saved configuration file takes effect
      this.scheduler.soon(e.document.uri);
    }));
    documents.onDidClose(this.guard("didClose", undefined, (e) => {
      // Disk wins again: re-lint the trees the file belongs to.
      const p = uriToPath(e.document.uri);
      if (p && !this.documents.all().some((d) => d.uri !== e.document.uri && uriToPath(d.uri) === p)) this.languageOf.delete(p);
      if (p && this.dependsOn(p)) this.scheduler.soon(e.document.uri);
    }));
    connection.onCodeAction(this.guard("codeAction", [] as CodeAction[] | ResponseError<void>, (params) => {
      const bad = badParams(params, ["range", "diagnostics"]);
      if (bad) return new ResponseError(ErrorCodes.InvalidParams, bad);
      const uri = params.textDocument.uri;
      const dialect = this.dialectOfDocument(uri);
      return codeActions(params, this.published.get(uri) ?? [], this.openWithText(uri), dialect ? dialectNamed(dialect)?.comments.prefix : undefined);
    }));
    connection.onHover(this.guard("hover", null as Hover | null | ResponseError<void>, (params) => {
      const bad = badParams(params, ["position"]);
      if (bad) return new ResponseError(ErrorCodes.InvalidParams, bad);
      const uri = params.textDocument.uri;
      return hover(params, this.published.get(uri) ?? [], this.openWithText(uri), this.dialectOfDocument(uri), MAX_TEXT);
    }));
    connection.onShutdown(() => this.scheduler.stop());
    documents.listen(connection);
    connection.listen();
  }

  /** An open document's dialect: the editor's language id, else detection. */
  private dialectOfDocument(uri: string): Dialect | null {
    const doc = this.openWithText(uri);
    const p = uriToPath(uri);
    const lang = p ? this.languageOf.get(p) : undefined;
    return (lang && dialectOfLanguage(lang)) || (p && doc && doc.getText().length <= MAX_TEXT ? detectDialect(p, doc.getText()) : null);
  }

  /** Whether a lint read this file: in a server's tree, or on its Django side. */
  private dependsOn(file: string): boolean {
    for (const u of this.units.values()) if (u.files.has(file) || u.deps.has(file)) return true;
    return false;
  }

  private openWithText(uri: string): TextDocument | undefined {
    const doc = this.documents.get(uri);
    return doc && textOf(doc) !== null ? doc : undefined;
  }

  /** What was wrong with initializationOptions (flat, or under `settings`): told once the client is initialized. */
  private initProblems: ConfigProblem[] = [];

  private initialize(params: InitializeParams): InitializeResult {
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    const rootPath = root ? uriToPath(root) : params.rootPath ?? null;
    if (rootPath) this.workspaceRoot = rootPath;
    const init = params.initializationOptions as Record<string, unknown> | undefined;
    if (init && typeof init === "object" && !Array.isArray(init)) {
      const { settings: nested, ...flat } = init;
      const raw = { ...flat, ...(nested && typeof nested === "object" ? nested : {}) };
      const { settings, problems } = checkSettings(raw, this.knownIds);
      this.initSettings = settings;
      this.initProblems = problems;
    }
    this.canPullConfig = Boolean(params.capabilities?.workspace?.configuration);
    this.canWatch = Boolean(params.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
      },
      serverInfo: { name: "djlint-conf" },
    };
  }

  /**
   * New client settings, pushed or pulled. Only the newest of overlapping
   * refreshes is applied (a slow pull must not undo a later push); false
   * when this one was overtaken.
   */
  private async refreshSettings(pushed: unknown): Promise<boolean> {
    const generation = ++this.settingsGeneration;
    let raw = pushed;
    if (raw === undefined || raw === null) {
      if (!this.canPullConfig) return generation === this.settingsGeneration;
      try {
        [raw] = (await this.connection.workspace.getConfiguration([{ section: "djlint-conf" }])) as unknown[];
      } catch (e) {
        this.log(`djlint-conf: workspace/configuration failed: ${(e as Error).message}`);
        return false;
      }
    }
    if (generation !== this.settingsGeneration) return false;
    this.clientSettings = this.checked(raw, "the client's djlint-conf settings");
    return true;
  }

  private relintAll() {
    this.finder = this.newFinder();
    for (const d of this.documents.all()) this.scheduler.soon(d.uri);
  }

  /** The open documents now; huge or binary ones are left out of the texts. */
  private snapshot(): Snapshot {
    const snap: Snapshot = { texts: new Map(), uris: new Map(), versions: new Map() };
    for (const d of this.documents.all()) {
      const p = uriToPath(d.uri);
      if (!p) continue;
      const uris = snap.uris.get(p);
      if (uris) uris.push(d.uri);
      else snap.uris.set(p, [d.uri]);
      snap.versions.set(d.uri, d.version);
      const t = textOf(d);
      if (t !== null && lintable(t)) snap.texts.set(p, t);
    }
    return snap;
  }

  /** The main configs the document may belong to (src/engine/main-config.ts, shared with the command line). */
  private async mainConfigsAbove(file: string): Promise<string[]> {
    let root: string | null = null;
    try {
      root = await this.finder.projectRoot(file, this.settings().useConfigFile !== false);
    } catch {
      // A broken configuration is reported by the lint itself.
    }
    return mainConfigsFor(file, root);
  }

  private async lintUris(uris: string[]) {
    const files = new Set<string>();
    for (const uri of uris) {
      const p = uriToPath(uri);
      if (!p) continue;
      const doc = this.documents.get(uri);
      const text = doc ? textOf(doc) : null;
      if (doc && (text === null || !lintable(text))) {
        this.log(`djlint-conf: ${p} is not linted (${text === null ? "the client sent no text" : text.includes("\u0000") ? "binary content" : "larger than 4 MB"})`);
        this.publish(new Map([[p, []]]), this.snapshot());
        continue;
      }
      // The document itself when it is open; a closed one only through the trees that hold it.
      if (doc) files.add(p);
      for (const u of this.units.values()) if (u.files.has(p) || u.deps.has(p)) for (const i of u.inputs) files.add(i);
      if (doc) for (const m of await this.mainConfigsAbove(p)) files.add(m);
    }
    if (files.size) await this.lintGroup([...files]);
  }

  /** The configuration for a lint: the client's `configFile`, else the nearest one; problems are shown, not thrown. */
  private async configFor(input: string): Promise<FoundConfig | null> {
    const s = this.settings();
    if (s.useConfigFile === false) return null;
    try {
      return s.configFile ? await this.finder.load(path.resolve(this.workspaceRoot, s.configFile)) : await this.finder.forFile(input);
    } catch (e) {
      this.warn(`djlint-conf: ${(e as Error).message}`);
      return null;
    }
  }

  private async lintGroup(inputs: string[]) {
    const found = await this.configFor(inputs[0]);
    // Taken after every await: the lint reads the newest text, and its diagnostics carry that text's versions.
    const snap = this.snapshot();
    const s = this.settings();
    const fromSettings = settingsToOptions(s as ConfigFile, this.workspaceRoot);
    const flags: LintOptions = {
      ...fromSettings,
      map: fromSettings.map?.length ? fromSettings.map : undefined,
      cwd: this.workspaceRoot,
      dialect: s.dialect,
      rules: s.rules ?? {},
      overlay: snap.texts,
    };
    const opts = optionsFromConfig(found, flags, inputs[0]);
    // The editor's language id decides the dialect of an open document (apacheconf, nginx...), before detection.
    const configDialect = opts.dialectOf;
    opts.dialectOf = (file) => {
      const lang = this.languageOf.get(file);
      const text = snap.texts.get(file);
      return (lang ? dialectOfLanguage(lang) : undefined) ?? configDialect?.(file) ?? (text !== undefined ? detectDialect(file, text) ?? undefined : undefined);
    };
    const start = performance.now();
    const run = lintFiles(inputs, opts);
    for (const sk of run.skipped) this.log(`djlint-conf: skipped ${sk.filePath}: ${sk.reason}`);
    const versions = [...snap.versions].filter(([uri]) => inputs.includes(uriToPath(uri) ?? "")).map(([uri, v]) => `${uri}@${v}`);
    this.connection.tracer.log(`djlint-conf: linted ${inputs.length} input(s) in ${Math.round(performance.now() - start)} ms`, versions.join("\n"));

    const byFile = new Map<string, Diagnostic[]>();
    for (const r of run.results) byFile.set(r.filePath, r.messages);
    // Files of the previous lint of these inputs that this one no longer reaches are cleared.
    const key = [...inputs].sort().join("\0");
    const old = this.units.get(key);
    if (old) for (const f of old.files) if (!byFile.has(f)) byFile.set(f, []);
    this.units.set(key, { inputs: run.results.length ? inputs : [], files: new Set(run.results.map((r) => r.filePath)), deps: new Set(run.djangoFiles ?? []) });
    this.publish(byFile, snap);
  }

  private publish(byFile: Map<string, Diagnostic[]>, snap: Snapshot) {
    const sources = new Map<string, SourceFile | null>();
    const source = (f: string) => {
      if (!sources.has(f)) {
        const t = snap.texts.get(f) ?? readText(f);
        sources.set(f, t === null ? null : new SourceFile(f, t));
      }
      return sources.get(f) as SourceFile | null;
    };
    const uriOf = (f: string) => snap.uris.get(f)?.[0] ?? pathToUri(f);
    for (const [file, messages] of byFile) {
      const items = messages.map((m) => toPublished(m, source, uriOf));
      for (const uri of snap.uris.get(file) ?? [pathToUri(file)]) {
        const doc = this.documents.get(uri);
        const version = snap.versions.get(uri);
        if (doc && version !== undefined && doc.version !== version) continue; // a newer text is waiting for its own lint
        this.published.set(uri, items);
        void this.connection.sendDiagnostics({ uri, ...(doc && version !== undefined ? { version } : {}), diagnostics: items.map((i) => i.diagnostic) });
      }
    }
  }
}

/** What the Django side reads: Python (settings, WSGI scripts, gunicorn configurations) and app-server files. */
const DJANGO_WATCHERS = ["**/*.py", "**/*.ini", "**/*.service", "**/Procfile*", "**/*.yml", "**/*.yaml", "**/*.conf"];

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

function toPublished(m: Diagnostic, source: (f: string) => SourceFile | null, uriOf: (f: string) => string): Published {
  const href = m.ruleId ? docsUrl(m.ruleId) : undefined;
  const diagnostic: LspDiagnostic = {
    range: { start: { line: m.range.line - 1, character: m.range.column - 1 }, end: { line: m.range.endLine - 1, character: m.range.endColumn - 1 } },
    severity: SEVERITY[m.severity],
    ...(m.ruleId ? { code: m.ruleId } : {}),
    ...(href ? { codeDescription: { href } } : {}),
    source: SOURCE,
    message: m.message,
  };
  const item: Published = { diagnostic };
  if (m.fix && m.fix.edits.length) {
    const edits = m.fix.edits.flatMap((e) => {
      const src = source(e.file);
      if (!src) return [];
      const a = src.position(e.start);
      const b = src.position(e.end);
      return [{ uri: uriOf(e.file), edit: { range: { start: { line: a.line - 1, character: a.column - 1 }, end: { line: b.line - 1, character: b.column - 1 } }, newText: e.text } }];
    });
    if (edits.length === m.fix.edits.length) item.fix = { title: m.fix.title, safety: m.fix.safety, edits, engine: m.fix };
  }
  return item;
}

const listProblems = (problems: ConfigProblem[]) => problems.map((p) => `"${p.key}" ${p.what}`).join("; ");

/** Client input, before it is checked. */
type Loose = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What is wrong with a request's parameters (InvalidParams), or null. */
function badParams(params: unknown, needs: ("position" | "range" | "diagnostics")[]): string | null {
  const p = params as Loose;
  const isPosition = (x: Loose) => x && Number.isInteger(x.line) && x.line >= 0 && Number.isInteger(x.character) && x.character >= 0;
  const isRange = (x: Loose) => x && isPosition(x.start) && isPosition(x.end);
  if (!p || typeof p !== "object" || typeof p.textDocument?.uri !== "string") return "textDocument.uri must be a string";
  if (needs.includes("position") && !isPosition(p.position)) return "position must be { line, character } with non-negative integers";
  if (needs.includes("range") && !isRange(p.range)) return "range must be { start, end } positions";
  if (needs.includes("diagnostics") && !(Array.isArray(p.context?.diagnostics) && p.context.diagnostics.every((d: Loose) => d && isRange(d.range))))
    return "context.diagnostics must be a list of diagnostics with ranges";
  return null;
}
