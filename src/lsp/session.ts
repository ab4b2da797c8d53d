/**
 * The language server's state between requests: the open documents and their
 * language ids, the client's settings (initializationOptions, pushed and
 * pulled), what the client can do, and the configuration-file finder.
 */
import path from "node:path";
import { MessageType, ShowMessageNotification, TextDocuments, type Connection, type InitializeParams } from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { ConfigFinder, type FoundConfig } from "../config/discover.js";
import type { ConfigProblem } from "../config/schema.js";
import type { Dialect } from "../core/dialect.js";
import { dialectOfLanguage } from "../dialects/registry.js";
import { detectDialect } from "../discover/dialect.js";
import { ENGINE_IDS } from "../engine/engine-ids.js";
import { allRules } from "../engine/registry.js";
import { lintable, MAX_TEXT, textOf, uriToPath, type Snapshot } from "./documents.js";
import { checkSettings, type ServerSettings } from "./settings.js";

const listProblems = (problems: ConfigProblem[]) => problems.map((p) => `"${p.key}" ${p.what}`).join("; ");

export class Session {
  readonly documents = new TextDocuments(TextDocument);
  readonly knownIds = [...ENGINE_IDS.map((e) => e.id), ...allRules().map((r) => r.meta.id)];
  finder = this.newFinder();
  workspaceRoot = process.cwd();
  /** Whether the client answers workspace/configuration. */
  canPullConfig = false;
  /** Whether the client lets the server register file watchers. */
  canWatch = false;
  /** path -> languageId */
  readonly languageOf = new Map<string, string>();
  private initSettings: ServerSettings = {};
  private clientSettings: ServerSettings = {};
  private settingsGeneration = 0;
  private shown = new Set<string>();
  /** What was wrong with initializationOptions (flat, or under `settings`): told once the client is initialized. */
  private initProblems: ConfigProblem[] = [];

  constructor(readonly connection: Connection) {}

  log(message: string) {
    try {
      this.connection.console.log(message);
    } catch {
      // The connection is gone: nothing to tell.
    }
  }

  /** A problem the user must act on: logged, and shown once per text. */
  warn(message: string) {
    this.log(message);
    if (this.shown.has(message)) return;
    this.shown.add(message);
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }).catch(() => {});
  }

  /** Runs a handler; a throw is logged and answered with `fallback`, never ends the server. */
  guard<A extends unknown[], R>(name: string, fallback: R, fn: (...a: A) => R | Promise<R>) {
    return async (...a: A): Promise<R> => {
      try {
        return await fn(...a);
      } catch (e) {
        this.log(`djlint-conf: ${name} failed: ${(e as Error)?.stack ?? String(e)}`);
        return fallback;
      }
    };
  }

  private newFinder() {
    return new ConfigFinder(this.knownIds, (m) => this.warn(`djlint-conf: ${m}`));
  }

  /** Configuration files are read again (one was saved, or the settings changed). */
  resetFinder() {
    this.finder = this.newFinder();
    this.finderGeneration++;
  }

  private finderGeneration = 0;
  /** Changes whenever settings or configuration files may have changed (caches of what they decide compare it). */
  get settingsVersion(): string {
    return `${this.settingsGeneration}:${this.finderGeneration}`;
  }

  settings(): ServerSettings {
    return { ...this.initSettings, ...this.clientSettings };
  }

  /** The workspace root, initializationOptions and the client's capabilities. */
  readInitialize(params: InitializeParams) {
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    const rootPath = root ? uriToPath(root) : (params.rootPath ?? null);
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
  }

  /** Tells what was wrong with initializationOptions (once the client can show it). */
  reportInitProblems() {
    const n = this.initProblems.length;
    if (n) this.warn(`djlint-conf: ignored ${n === 1 ? "a setting" : "settings"} from initializationOptions: ${listProblems(this.initProblems)}`);
  }

  /**
   * New client settings, pushed or pulled. Only the newest of overlapping
   * refreshes is applied (a slow pull must not undo a later push); false
   * when this one was overtaken.
   */
  async refreshSettings(pushed: unknown): Promise<boolean> {
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
    const { settings, problems } = checkSettings(raw, this.knownIds);
    if (problems.length)
      this.warn(`djlint-conf: ignored ${problems.length === 1 ? "a setting" : "settings"} from the client's djlint-conf settings: ${listProblems(problems)}`);
    this.clientSettings = settings;
    return true;
  }

  /** The configuration for a lint: the client's `configFile`, else the nearest one; problems are shown, not thrown. */
  async configFor(input: string): Promise<FoundConfig | null> {
    const s = this.settings();
    if (s.useConfigFile === false) return null;
    try {
      return s.configFile ? await this.finder.load(path.resolve(this.workspaceRoot, s.configFile)) : await this.finder.forFile(input);
    } catch (e) {
      this.warn(`djlint-conf: ${(e as Error).message}`);
      return null;
    }
  }

  /** The open documents now; huge or binary ones are left out of the texts. */
  snapshot(): Snapshot {
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

  openWithText(uri: string): TextDocument | undefined {
    const doc = this.documents.get(uri);
    return doc && textOf(doc) !== null ? doc : undefined;
  }

  /** A document opened: its language id decides its dialect. */
  opened(doc: TextDocument) {
    const p = uriToPath(doc.uri);
    if (p) this.languageOf.set(p, doc.languageId);
  }

  /** A document closed: its language id is forgotten unless another URI still holds the file. */
  closed(doc: TextDocument) {
    const p = uriToPath(doc.uri);
    if (p && !this.documents.all().some((d) => d.uri !== doc.uri && uriToPath(d.uri) === p)) this.languageOf.delete(p);
  }

  /** The dialect of a file: the editor's language id, else detection from `text`. */
  dialectOf(file: string, text: string | undefined): Dialect | null {
    const lang = this.languageOf.get(file);
    return (lang && dialectOfLanguage(lang)) || (text !== undefined && text.length <= MAX_TEXT ? detectDialect(file, text) : null);
  }

  /** An open document's dialect: the editor's language id, else detection. */
  dialectOfDocument(uri: string): Dialect | null {
    const doc = this.openWithText(uri);
    const p = uriToPath(uri);
    return p ? this.dialectOf(p, doc?.getText()) : null;
  }
}
