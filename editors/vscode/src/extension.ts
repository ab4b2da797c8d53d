/**
 * The djlint-conf extension: starts the bundled language server (server/dist/lsp.js,
 * the same build as the npm package's `djlint-conf-lsp`) over stdio for Apache,
 * nginx and lighttpd files, or the one `djlint-conf.server.path` names.
 */
import * as path from "node:path";
import { workspace, type ExtensionContext } from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** The server's entry: the user's djlint-conf-lsp when set, else the bundled one. */
export function serverModule(extensionPath: string, configured: string | null | undefined): string {
  return configured ? path.resolve(configured) : path.join(extensionPath, "server", "dist", "lsp.js");
}

export async function activate(context: ExtensionContext): Promise<void> {
  const module = serverModule(context.extensionPath, workspace.getConfiguration("djlint-conf").get<string | null>("server.path"));
  const run = { module, transport: TransportKind.stdio, args: ["--stdio"] };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ["apacheconf", "nginx", "lighttpd"].map((language) => ({ scheme: "file", language })),
    // The server pulls the `djlint-conf` section (workspace/configuration) and is told when it changes.
    synchronize: { configurationSection: "djlint-conf" },
  };
  client = new LanguageClient("djlint-conf", "djlint-conf", serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
