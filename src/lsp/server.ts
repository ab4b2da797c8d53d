/**
 * djlint-conf as a Language Server (stdio). Every lint goes through the one
 * engine (`lintFiles`) with the open editor buffers as its overlay, so unsaved
 * text wins over disk and an included file's findings land on its own URI.
 *
 * Lint units: a document is linted together with the main configs
 * (apache2.conf, httpd.conf, nginx.conf, lighttpd.conf) found in its directory
 * and up to three levels above, plus the entry files of earlier lints whose
 * server tree contained it. The engine decides which file belongs to which
 * server; every file of the resulting trees gets a publishDiagnostics (an empty
 * one clears what a file no longer has).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CodeActionKind,
  DiagnosticSeverity,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type CodeAction,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type Hover,
  type InitializeResult,
  type Range as LspRange,
  type TextEdit as LspTextEdit,
} from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { NGINX_DIRECTIVES } from "../../grammars/nginx/directives.js";
import { ConfigFinder, type FoundConfig } from "../config/discover.js";
import { optionsFromConfig, settingsToOptions } from "../config/resolve.js";
import type { ConfigFile } from "../config/schema.js";
import { detectDialect } from "../discover/dialect.js";
import type { Diagnostic, SeverityOrOff } from "../engine/diagnostic.js";
import { describeDirective } from "../catalog/describe.js";
import { ENGINE_IDS } from "../engine/engine-ids.js";
import { allRules } from "../engine/registry.js";
import { lintFiles, type LintOptions } from "../engine/run.js";
import { SourceFile } from "../source/source-file.js";
import type { Dialect } from "../rule-api.js";

export interface ServerSettings {
  /** Delay after the last change before linting, in ms (default 150). */
  debounceMs?: number;
  /** A configuration file to use instead of the nearest one ("" or null: discover). */
  configFile?: string | null;
  /** false: use no configuration file. */
  useConfigFile?: boolean;
  rules?: Record<string, SeverityOrOff>;
  profile?: "production" | "development";
  dialect?: Dialect;
  /** FROM -> TO path map entries (TO relative to the workspace root). */
  pathMap?: Record<string, string>;
  apacheVersion?: string;
  djangoVersion?: string;
  apacheModules?: string[];
  apacheMpm?: string;
  serverRoot?: string;
  nginxPrefix?: string;
}

/** Documents larger than this are not linted (the engine's reader has the same kind of limit). */
const MAX_TEXT = 4 * 1024 * 1024;
const LANGUAGE_DIALECT: Record<string, Dialect> = { apache: "apache", apacheconf: "apache", nginx: "nginx", lighttpd: "lighttpd" };
const MAIN_CONFIGS = ["apache2.conf", "httpd.conf", "nginx.conf", "lighttpd.conf"];
const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;
const SOURCE = "djlint-conf";

interface Published {
  diagnostic: LspDiagnostic;
  fix?: { title: string; edits: { uri: string; edit: LspTextEdit }[] };
}

const toRange = (r: Diagnostic["range"]): LspRange => ({
  start: { line: r.line - 1, character: r.column - 1 },
  end: { line: r.endLine - 1, character: r.endColumn - 1 },
});
const uriToPath = (uri: string): string | null => {
  try {
    return uri.startsWith("file:") ? path.resolve(fileURLToPath(uri)) : null;
  } catch {
    return null;
  }
};
const pathToUri = (p: string) => pathToFileURL(p).href;
const sameRange = (a: LspRange, b: LspRange) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** The rule pages shipped beside the bundle (dist/../docs/rules), else the source tree's. */
function docsRoot(): string | null {
  const candidates = [path.resolve(path.dirname(process.argv[1] ?? "."), "..", "docs", "rules"), path.resolve("docs", "rules")];
  return candidates.find((c) => fs.existsSync(c)) ?? null;
}
export function docsUrl(id: string): string | undefined {
  const root = docsRoot();
  if (!root) return undefined;
  const page = path.join(root, `${id}.md`);
  if (fs.existsSync(page)) return pathToUri(page);
  const index = path.join(root, "README.md");
  return fs.existsSync(index) ? pathToUri(index) : undefined;
}
function ruleDoc(id: string): string {
  const root = docsRoot();
  const page = root ? path.join(root, `${id}.md`) : null;
  if (page && fs.existsSync(page)) return fs.readFileSync(page, "utf8");
  const rule = allRules().find((r) => r.meta.id === id);
  if (rule) return `**${id}** (${rule.meta.severity})\n\n${rule.meta.summary}.\n\n${rule.meta.rationale}`;
  const e = ENGINE_IDS.find((x) => x.id === id);
  return e ? `**${id}** (${e.severity})\n\n${e.summary}.` : `**${id}**`;
}

export interface LspServerOptions {
  connection?: Connection;
}

export function startLspServer(options: LspServerOptions = {}): Connection {
  const connection = options.connection ?? createConnection(process.stdin, process.stdout);
  const documents = new TextDocuments(TextDocument);
  const knownIds = [...ENGINE_IDS.map((e) => e.id), ...allRules().map((r) => r.meta.id)];
  let finder = new ConfigFinder(knownIds);
  let workspaceRoot = process.cwd();
  let initSettings: ServerSettings = {};
  let settings: ServerSettings = {};
  let canPullConfig = false;
  const languageOf = new Map<string, string>(); // path -> languageId
  /** uri -> what was last published there (for code actions and hover). */
  const published = new Map<string, Published[]>();
  /** Lint units seen so far: the entry inputs and the files their trees held. */
  const units: { inputs: string[]; files: Set<string> }[] = [];
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const log = (msg: string) => {
    try {
      connection.console.log(msg);
    } catch {
      // The connection is gone: nothing to tell.
    }
  };
  const guard = <A extends unknown[], R>(name: string, fallback: R, fn: (...a: A) => R | Promise<R>) =>
    async (...a: A): Promise<R> => {
      try {
        return await fn(...a);
      } catch (e) {
        log(`djlint-conf: ${name} failed: ${(e as Error)?.stack ?? String(e)}`);
        return fallback;
      }
    };

  const effective = (): ServerSettings => ({ ...initSettings, ...settings });
  const debounceMs = () => {
    const d = Number(effective().debounceMs);
    return Number.isFinite(d) && d >= 0 ? d : 150;
  };

  connection.onInitialize((params): InitializeResult => {
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    const rootPath = root ? uriToPath(root) : params.rootPath ?? null;
    if (rootPath) workspaceRoot = rootPath;
    const init = params.initializationOptions as { settings?: ServerSettings } & ServerSettings | undefined;
    if (init && typeof init === "object") initSettings = { ...init, ...(init.settings ?? {}) };
    canPullConfig = Boolean(params.capabilities.workspace?.configuration);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
      },
      serverInfo: { name: "djlint-conf" },
    };
  });

  connection.onInitialized(guard("initialized", undefined, async () => {
    await pullSettings();
  }));

  async function pullSettings() {
    if (!canPullConfig) return;
    try {
      const s = (await connection.workspace.getConfiguration({ section: "djlint-conf" })) as ServerSettings | null;
      if (s && typeof s === "object") settings = s;
    } catch (e) {
      log(`djlint-conf: workspace/configuration failed: ${(e as Error).message}`);
    }
  }

  connection.onDidChangeConfiguration(guard("didChangeConfiguration", undefined, async (change) => {
    const s = (change.settings as Record<string, unknown> | null)?.["djlint-conf"] as ServerSettings | undefined;
    if (s && typeof s === "object") settings = s;
    else await pullSettings();
    finder = new ConfigFinder(knownIds);
    for (const d of documents.all()) pending.add(d.uri);
    schedule(0);
  }));

  documents.onDidOpen(guard("didOpen", undefined, (e) => {
    const p = uriToPath(e.document.uri);
    if (p) languageOf.set(p, e.document.languageId);
    pending.add(e.document.uri);
    schedule(0);
  }));
  // Leading-edge debounce: an edit after a quiet spell is linted at once; a burst of
  // keystrokes is coalesced into one lint after the last of them.
  let lastChange = -Infinity;
  documents.onDidChangeContent(guard("didChange", undefined, (e) => {
    const now = performance.now();
    const quiet = now - lastChange >= debounceMs() && !timer;
    lastChange = now;
    pending.add(e.document.uri);
    schedule(quiet ? 0 : debounceMs());
  }));
  documents.onDidSave(guard("didSave", undefined, (e) => {
    finder = new ConfigFinder(knownIds); // a saved configuration file takes effect
    pending.add(e.document.uri);
    schedule(0);
  }));
  documents.onDidClose(guard("didClose", undefined, (e) => {
    // Disk wins again: re-lint the trees the file belongs to.
    const p = uriToPath(e.document.uri);
    if (p) languageOf.delete(p);
    if (p && units.some((u) => u.files.has(p))) {
      pending.add(e.document.uri);
      schedule(0);
    }
  }));

  function schedule(delay: number) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const uris = [...pending];
      pending.clear();
      running = running.then(() => lintUris(uris)).catch((e) => log(`djlint-conf: lint failed: ${(e as Error)?.stack ?? e}`));
    }, delay);
  }

  /** The open buffers, as the engine's overlay; huge or binary ones are left out. */
  function overlay(): Map<string, string> {
    const m = new Map<string, string>();
    for (const d of documents.all()) {
      const p = uriToPath(d.uri);
      const t = d.getText();
      if (p && lintable(t)) m.set(p, t);
    }
    return m;
  }
  const lintable = (t: string) => t.length <= MAX_TEXT && !t.includes("\u0000");

  function mainConfigsAbove(file: string): string[] {
    const out: string[] = [];
    let dir = path.dirname(file);
    for (let i = 0; i < 4; i++) {
      for (const name of MAIN_CONFIGS) {
        const p = path.join(dir, name);
        if (p !== file && fs.existsSync(p)) out.push(p);
      }
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    return out;
  }

  async function lintUris(uris: string[]) {
    const files = new Set<string>();
    for (const uri of uris) {
      const p = uriToPath(uri);
      if (!p) continue;
      const doc = documents.get(uri);
      if (doc && !lintable(doc.getText())) {
        log(`djlint-conf: ${p} is not linted (${doc.getText().includes("\u0000") ? "binary content" : "larger than 4 MB"})`);
        publish(new Map([[p, []]]), new Map());
        continue;
      }
      // The document itself when it is open; a closed one only through the trees that hold it.
      if (doc) files.add(p);
      for (const u of units) if (u.files.has(p)) for (const i of u.inputs) files.add(i);
      if (doc) for (const m of mainConfigsAbove(p)) files.add(m);
    }
    if (!files.size) return;
    await lintGroup([...files]);
  }

  async function lintGroup(inputs: string[]) {
    const s = effective();
    const texts = overlay();
    let explicit: FoundConfig | null = null;
    const useConfig = s.useConfigFile !== false;
    if (useConfig && s.configFile) {
      try {
        explicit = await finder.load(path.resolve(workspaceRoot, s.configFile));
      } catch (e) {
        log(`djlint-conf: ${(e as Error).message}`);
      }
    }
    let found: FoundConfig | null = explicit;
    if (!found && useConfig) {
      try {
        found = await finder.forFile(inputs[0]);
      } catch (e) {
        log(`djlint-conf: ${(e as Error).message}`);
        connection.window.showErrorMessage(`djlint-conf: ${(e as Error).message}`);
      }
    }
    const fromSettings = settingsToOptions(s as ConfigFile, workspaceRoot);
    const flags: LintOptions = {
      ...fromSettings,
      map: fromSettings.map?.length ? fromSettings.map : undefined,
      cwd: workspaceRoot,
      dialect: s.dialect,
      rules: s.rules ?? {},
      overlay: texts,
    };
    const opts = optionsFromConfig(found, flags);
    // The editor's language id decides the dialect of an open document (apacheconf, nginx...), before detection.
    const configDialect = opts.dialectOf;
    opts.dialectOf = (file) => {
      const lang = languageOf.get(file);
      return (lang ? LANGUAGE_DIALECT[lang] : undefined) ?? configDialect?.(file) ?? (texts.has(file) ? detectDialect(file, texts.get(file) as string) ?? undefined : undefined);
    };
    const run = lintFiles(inputs, opts);
    for (const sk of run.skipped) log(`djlint-conf: skipped ${sk.filePath}: ${sk.reason}`);

    const byFile = new Map<string, Diagnostic[]>();
    for (const r of run.results) byFile.set(r.filePath, r.messages);
    // Files of the previous lints of these inputs that this one no longer reaches are cleared.
    const key = (xs: string[]) => [...xs].sort().join("\0");
    const k = key(inputs);
    const old = units.find((u) => key(u.inputs) === k);
    if (old) for (const f of old.files) if (!byFile.has(f)) byFile.set(f, []);
    const files = new Set(run.results.map((r) => r.filePath));
    if (old) old.files = files;
    else units.push({ inputs: run.results.length ? inputs : [], files });
    // An input that the new unit covers is dropped from other units' claims only by a later lint; cheap to keep.
    publish(byFile, texts);
  }

  function textOf(file: string, texts: Map<string, string>): string | null {
    const t = texts.get(file);
    if (t !== undefined) return t;
    try {
      return fs.readFileSync(file, "utf8");
    } catch {
      return null;
    }
  }

  function publish(byFile: Map<string, Diagnostic[]>, texts: Map<string, string>) {
    const sources = new Map<string, SourceFile | null>();
    const source = (f: string) => {
      if (!sources.has(f)) {
        const t = textOf(f, texts);
        sources.set(f, t === null ? null : new SourceFile(f, t));
      }
      return sources.get(f) as SourceFile | null;
    };
    for (const [file, messages] of byFile) {
      const uri = pathToUri(file);
      const items: Published[] = messages.map((m) => {
        const href = m.ruleId ? docsUrl(m.ruleId) : undefined;
        const diagnostic: LspDiagnostic = {
          range: toRange(m.range),
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
            return [{ uri: pathToUri(e.file), edit: { range: { start: { line: a.line - 1, character: a.column - 1 }, end: { line: b.line - 1, character: b.column - 1 } }, newText: e.text } }];
          });
          if (edits.length === m.fix.edits.length) item.fix = { title: m.fix.title, edits };
        }
        return item;
      });
      published.set(uri, items);
      const doc = documents.get(uri);
      void connection.sendDiagnostics({ uri, ...(doc ? { version: doc.version } : {}), diagnostics: items.map((i) => i.diagnostic) });
    }
  }

  connection.onCodeAction(guard("codeAction", [] as CodeAction[], (params) => {
    const uri = params.textDocument.uri;
    const doc = documents.get(uri);
    const items = published.get(uri) ?? [];
    const actions: CodeAction[] = [];
    const ids = new Set<string>();
    for (const d of params.context.diagnostics) {
      if (d.source !== SOURCE) continue;
      const mine = items.find((i) => i.diagnostic.code === d.code && sameRange(i.diagnostic.range, d.range) && i.diagnostic.message === d.message)
        ?? items.find((i) => i.diagnostic.code === d.code && sameRange(i.diagnostic.range, d.range));
      if (mine?.fix) {
        const changes: Record<string, LspTextEdit[]> = {};
        for (const e of mine.fix.edits) (changes[e.uri] ??= []).push(e.edit);
        actions.push({ title: `${mine.fix.title} (${d.code})`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: { changes } });
      }
      const id = typeof d.code === "string" ? d.code : null;
      if (!id || id === "syntax" || !doc) continue;
      const line = d.range.start.line;
      const lineText = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
      const indent = /^[ \t]*/.exec(lineText)?.[0] ?? "";
      actions.push({
        title: `Disable ${id} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: { changes: { [uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# djlint-conf-disable-next-line ${id}\n` }] } },
      });
      if (!ids.has(id)) {
        ids.add(id);
        actions.push({
          title: `Disable ${id} for this file`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          edit: { changes: { [uri]: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `# djlint-conf-disable-file ${id}\n` }] } },
        });
      }
    }
    return actions;
  }));

  connection.onHover(guard("hover", null as Hover | null, (params) => {
    const uri = params.textDocument.uri;
    const pos = params.position;
    const within = (r: LspRange) =>
      (pos.line > r.start.line || (pos.line === r.start.line && pos.character >= r.start.character)) &&
      (pos.line < r.end.line || (pos.line === r.end.line && pos.character <= r.end.character));
    const hits = (published.get(uri) ?? []).filter((i) => within(i.diagnostic.range) && typeof i.diagnostic.code === "string");
    if (hits.length) {
      const ids = [...new Set(hits.map((h) => h.diagnostic.code as string))];
      return { contents: { kind: "markdown", value: ids.map(ruleDoc).join("\n\n---\n\n") } };
    }
    const doc = documents.get(uri);
    if (!doc || doc.getText().length > MAX_TEXT) return null;
    const lineText = doc.getText({ start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } });
    const m = /^\s*<?\/?([A-Za-z_][\w.-]*)/.exec(lineText);
    if (!m) return null;
    const start = m[0].length - m[1].length;
    if (pos.character < start || pos.character > m[0].length) return null;
    const p = uriToPath(uri);
    const dialect = (p && languageOf.get(p) && LANGUAGE_DIALECT[languageOf.get(p) as string]) || (p ? detectDialect(p, doc.getText()) : null);
    const entry = directiveEntry(m[1], dialect);
    return entry
      ? { contents: { kind: "markdown", value: entry }, range: { start: { line: pos.line, character: start }, end: { line: pos.line, character: m[0].length } } }
      : null;
  }));

  connection.onShutdown(() => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}

/** What is known about a directive: the rules that look at it, and its reference page. */
function directiveEntry(name: string, dialect: Dialect | null): string | null {
  const lower = name.toLowerCase();
  const rules = allRules().filter((r) => (!dialect || r.dialect === dialect) && new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i").test(r.meta.summary));
  let ref: string | null = null;
  if (dialect === "nginx" && NGINX_DIRECTIVES.has(name)) ref = `https://nginx.org/r/${name}`;
  else if (dialect === "apache" && /^WSGI/.test(name)) ref = `https://modwsgi.readthedocs.io/en/master/configuration-directives/${name}.html`;
  else if (dialect === "apache" && /^[A-Z]/.test(name)) ref = `https://httpd.apache.org/docs/2.4/mod/directives.html#${lower}`;
  else if (dialect === "lighttpd" && name.includes(".")) ref = `https://redmine.lighttpd.net/projects/lighttpd/wiki/Docs_ConfigurationOptions`;
  const known = dialect ? describeDirective(dialect, name) ?? (dialect === "apache" ? describeDirective(dialect, `<${name}>`) : null) : null;
  if (!ref && !rules.length && !known) return null;
  const lines = [`**${known?.name ?? name}**${dialect ? ` (${dialect})` : ""}`];
  if (known) lines.push(`Module: ${known.module} · Allowed: ${known.allowed}`);
  if (ref) lines.push(`[Reference](${ref})`);
  if (rules.length) lines.push("Checked by: " + rules.map((r) => `\`${r.meta.id}\` — ${r.meta.summary}`).join("; "));
  return lines.join("\n\n");
}
