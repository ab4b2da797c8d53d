/**
 * djlint-conf as a Language Server (stdio): the wiring. Each part does one
 * thing: session.ts (documents, settings, client capabilities), lint.ts (lint
 * units through the engine), schedule.ts (when to lint), publish.ts
 * (publishDiagnostics), code-actions.ts and features.ts (answers about
 * findings), and one module per editor feature.
 *
 * Robustness: transport.ts filters malformed frames and enforces the protocol's
 * lifecycle; schedule.ts lints one version at a time, the newest; client
 * settings are checked like a configuration file and only the bad ones dropped;
 * a handler that throws is logged and answered with an empty result.
 */
import { format } from "node:util";
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  createConnection,
  type CodeAction,
  type Connection,
  type Hover,
  type InitializeResult,
  type CompletionList,
  type CompletionParams,
  type DefinitionParams,
  type ReferenceParams,
  type SelectionRangeParams,
} from "vscode-languageserver/node.js";
import { dialectNamed } from "../dialects/registry.js";
import { codeActions, FIX_ALL_KIND } from "./code-actions.js";
import { badParams, MAX_TEXT, uriToPath } from "./documents.js";
import { hover } from "./features.js";
import { Linter } from "./lint.js";
import { completion } from "./completion.js";
import { definition, documentLinks, references } from "./navigation.js";
import { ParsedDocuments, type ParsedDocument } from "./parsed.js";
import { ServerViews } from "./server-view.js";
import { documentSymbols, foldingRanges, selectionRanges } from "./structure.js";
import { Publisher } from "./publish.js";
import { LintScheduler } from "./schedule.js";
import { Session } from "./session.js";
import { stdioTransport, type Lifecycle } from "./transport.js";

export type { ServerSettings } from "./settings.js";
export { docsUrl } from "./publish.js";

/**
 * Files on disk whose change can change findings: configurations (an included
 * file need not end in .conf: sites-enabled/example, .htaccess) and what the
 * Django side reads (settings, WSGI scripts, gunicorn and uWSGI configurations,
 * app-server files). The client watches; the server re-lints only the units
 * that read the changed file.
 */
const WATCHERS = ["**/*.conf", "**/sites-*/*", "**/conf.d/*", "**/.htaccess", "**/*.py", "**/*.ini", "**/*.service", "**/Procfile*", "**/*.yml", "**/*.yaml"];

export interface LspServerOptions {
  connection?: Connection;
}

export function startLspServer(options: LspServerOptions = {}): Connection {
  const lifecycle: Lifecycle = { initialized: false, shutdown: false };
  // eslint-disable-next-line prefer-const -- assigned once the transport, which logs through it, exists
  let session: Session | undefined;
  const log = (m: string) => (session && lifecycle.initialized ? session.log(m) : void process.stderr.write(m + "\n"));
  let connection = options.connection;
  if (!connection) {
    const { reader, writer } = stdioTransport(log, lifecycle);
    connection = createConnection(reader, writer);
    // The client closed our input (or died): nothing more can come. Exit as `exit` would.
    for (const event of ["end", "close"]) process.stdin.on(event, () => process.exit(lifecycle.shutdown ? 0 : 1));
  }
  // stdout carries the protocol: anything a dependency or a JavaScript configuration prints goes to stderr.
  console.log = console.info = console.debug = (...a: unknown[]) => void process.stderr.write(format(...a) + "\n");
  session = new Session(connection);
  const server = new LanguageServer(session);
  server.listen();
  return connection;
}

/** The parts of a running server, as the handlers reach them. */
export interface Parts {
  session: Session;
  publisher: Publisher;
  linter: Linter;
  scheduler: LintScheduler;
  parsed: ParsedDocuments;
  views: ServerViews;
}

class LanguageServer implements Parts {
  readonly publisher: Publisher;
  readonly linter: Linter;
  readonly scheduler: LintScheduler;
  readonly parsed: ParsedDocuments;
  readonly views: ServerViews;

  constructor(readonly session: Session) {
    this.parsed = new ParsedDocuments(session);
    this.publisher = new Publisher(session);
    this.linter = new Linter(session, this.publisher);
    this.views = new ServerViews(session, this.linter);
    this.scheduler = new LintScheduler(
      session.guard("lint", undefined, (uris: string[]) => this.linter.lintUris(uris)),
      () => session.settings().debounceMs ?? 150,
    );
  }

  listen() {
    const { connection, documents } = this.session;
    connection.onInitialize((params) => {
      this.session.readInitialize(params);
      return capabilities();
    });
    registerLifecycle(this);
    registerDocumentSync(this);
    registerFindingFeatures(this);
    registerStructure(this);
    registerNavigation(this);
    connection.onShutdown(() => this.scheduler.stop());
    documents.listen(connection);
    connection.listen();
  }
}

function capabilities(): InitializeResult {
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      hoverProvider: true,
      documentSymbolProvider: { label: "djlint-conf" },
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      completionProvider: { triggerCharacters: ["<", "$", "@", "/", "="] },
      definitionProvider: true,
      referencesProvider: true,
      documentLinkProvider: { resolveProvider: false },
    },
    serverInfo: { name: "djlint-conf" },
  };
}

/** Settings (pushed, pulled), file watchers and changes on disk. */
function registerLifecycle({ session, linter, scheduler }: Parts) {
  const { connection } = session;
  const relintAll = () => {
    session.resetFinder();
    for (const d of session.documents.all()) scheduler.soon(d.uri);
  };
  connection.onInitialized(
    session.guard("initialized", undefined, async () => {
      session.reportInitProblems();
      if ((await session.refreshSettings(undefined)) && session.canPullConfig && session.documents.all().length) relintAll();
      if (session.canWatch)
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHERS.map((globPattern) => ({ globPattern })) });
    }),
  );
  connection.onDidChangeWatchedFiles(
    session.guard("didChangeWatchedFiles", undefined, (params) => {
      // A file on disk changed: the units whose trees or Django side read it are linted again (open buffers still win).
      for (const ch of params.changes) {
        const p = uriToPath(ch.uri);
        if (p && linter.dependsOn(p)) scheduler.soon(ch.uri);
      }
    }),
  );
  connection.onDidChangeConfiguration(
    session.guard("didChangeConfiguration", undefined, async (change) => {
      const pushed = (change?.settings as Record<string, unknown> | null)?.["djlint-conf"];
      if (await session.refreshSettings(pushed)) relintAll();
    }),
  );
}

/** Open, change, save, close: what to lint next. */
function registerDocumentSync({ session, linter, scheduler, parsed }: Parts) {
  const { documents } = session;
  documents.onDidOpen(
    session.guard("didOpen", undefined, (e) => {
      session.opened(e.document);
      scheduler.soon(e.document.uri);
    }),
  );
  documents.onDidChangeContent(session.guard("didChange", undefined, (e) => scheduler.changed(e.document.uri)));
  documents.onDidSave(
    session.guard("didSave", undefined, (e) => {
      session.resetFinder(); // a saved configuration file takes effect
      scheduler.soon(e.document.uri);
    }),
  );
  documents.onDidClose(
    session.guard("didClose", undefined, (e) => {
      // Disk wins again: re-lint the trees the file belongs to.
      session.closed(e.document);
      parsed.forget(e.document.uri);
      const p = uriToPath(e.document.uri);
      if (p && linter.dependsOn(p)) scheduler.soon(e.document.uri);
    }),
  );
}

/** Code actions and hover: answers about what was published. */
function registerFindingFeatures({ session, publisher, linter }: Parts) {
  const { connection } = session;
  connection.onCodeAction(
    session.guard("codeAction", [] as CodeAction[] | ResponseError<void>, async (params) => {
      const bad = badParams(params, ["range", "diagnostics"]);
      if (bad) return new ResponseError(ErrorCodes.InvalidParams, bad);
      const uri = params.textDocument.uri;
      // Fix all on save often comes before the lint of the last keystrokes: lint the current text first, so the fixes' positions hold.
      const fixAll = !params.context.only || params.context.only.some((k) => FIX_ALL_KIND.startsWith(k));
      if (fixAll && !publisher.isCurrent(uri)) await linter.lintUris([uri]);
      const dialect = session.dialectOfDocument(uri);
      return codeActions(params, publisher.itemsOf(uri), session.openWithText(uri), dialect ? dialectNamed(dialect)?.comments.prefix : undefined);
    }),
  );
  connection.onHover(
    session.guard("hover", null as Hover | null | ResponseError<void>, (params) => {
      const bad = badParams(params, ["position"]);
      if (bad) return new ResponseError(ErrorCodes.InvalidParams, bad);
      const uri = params.textDocument.uri;
      return hover(params, publisher.itemsOf(uri), session.openWithText(uri), session.dialectOfDocument(uri), MAX_TEXT);
    }),
  );
}

/** A request about one open document, answered from its parse (an empty answer when it is not open or of no dialect). */
function onDocument<P extends { textDocument: { uri: string } }, R>(
  { session, parsed }: Parts,
  name: string,
  needs: Parameters<typeof badParams>[1],
  empty: R,
  answer: (doc: ParsedDocument, params: P) => R | Promise<R>,
) {
  return session.guard(name, empty as R | ResponseError<void>, (params: P) => {
    const bad = badParams(params, needs);
    if (bad) return new ResponseError(ErrorCodes.InvalidParams, bad);
    const doc = parsed.get(params.textDocument.uri);
    return doc ? answer(doc, params) : empty;
  });
}

/** Outline, folding and selection ranges, from the open document's parse. */
function registerStructure(parts: Parts) {
  const { connection } = parts.session;
  connection.onDocumentSymbol(onDocument(parts, "documentSymbol", [], [], (doc) => documentSymbols(doc)));
  connection.onFoldingRanges(onDocument(parts, "foldingRange", [], [], (doc) => foldingRanges(doc)));
  connection.onSelectionRanges(
    onDocument(parts, "selectionRange", ["positions"], [], (doc, params: SelectionRangeParams) => selectionRanges(doc, params.positions)),
  );
}

/** Completion, definitions, references and links, across the files of the document's servers. */
function registerNavigation(parts: Parts) {
  const { connection } = parts.session;
  const { views } = parts;
  const none: CompletionList = { isIncomplete: false, items: [] };
  connection.onCompletion(onDocument(parts, "completion", ["position"], none, (doc, p: CompletionParams) => completion(doc, p.position, views)));
  connection.onDefinition(onDocument(parts, "definition", ["position"], [], (doc, p: DefinitionParams) => definition(doc, p.position, views)));
  connection.onReferences(
    onDocument(parts, "references", ["position"], [], (doc, p: ReferenceParams) => references(doc, p.position, p.context?.includeDeclaration !== false, views)),
  );
  connection.onDocumentLinks(onDocument(parts, "documentLink", [], [], (doc) => documentLinks(doc, views)));
}
