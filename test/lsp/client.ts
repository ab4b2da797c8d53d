/** A language client for tests: the built server as a subprocess, JSON-RPC over its stdio (vscode-jsonrpc). */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import type { MessageConnection } from "vscode-jsonrpc";

const require = createRequire(path.resolve("package.json"));
const rpc = require("vscode-jsonrpc/node.js") as typeof import("vscode-jsonrpc/node.js");

export const CLI = path.resolve("dist/cli.js");

export interface PublishParams {
  uri: string;
  version?: number;
  diagnostics: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity: number;
    code?: string;
    codeDescription?: { href: string };
    source: string;
    message: string;
    relatedInformation?: { location: { uri: string; range: unknown }; message: string }[];
  }[];
}

export class TestClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly published: PublishParams[] = [];
  private waiters: { pred: (p: PublishParams) => boolean; resolve: (p: PublishParams) => void }[] = [];
  readonly logs: string[] = [];
  /** Everything the server wrote to stdout, as text. */
  rawOut = "";
  readonly shown: { type: number; message: string }[] = [];
  readonly traces: { message: string; verbose?: string }[] = [];
  readonly configRequests: unknown[] = [];
  settings: unknown = null;
  /** How long the client takes to answer workspace/configuration (with the settings of when it was asked). */
  configDelayMs = 0;
  /** The exit code, once the server has exited. */
  readonly exited: Promise<number | null>;

  constructor(args: string[] = ["--lsp", "--stdio"], bin = CLI, cwd?: string) {
    if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` (npm test does)`);
    this.proc = spawn(process.execPath, [bin, ...args], { stdio: ["pipe", "pipe", "pipe"], ...(cwd ? { cwd } : {}) });
    this.exited = new Promise((resolve) => this.proc.once("exit", (code) => resolve(code)));
    this.proc.stderr?.on("data", (d) => this.logs.push(String(d)));
    this.proc.stdout?.on("data", (d) => (this.rawOut += String(d)));
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.proc.stdout!), new rpc.StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification("textDocument/publishDiagnostics", (p: PublishParams) => {
      this.published.push(p);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    this.conn.onNotification("window/logMessage", (p: { message: string }) => this.logs.push(p.message));
    this.conn.onNotification("window/showMessage", (p: { type: number; message: string }) => this.shown.push(p));
    this.conn.onNotification("$/logTrace", (p: { message: string; verbose?: string }) => this.traces.push(p));
    this.conn.onRequest("workspace/configuration", async (p: unknown) => {
      this.configRequests.push(p);
      const settings = this.settings;
      if (this.configDelayMs) await new Promise((r) => setTimeout(r, this.configDelayMs));
      return [settings];
    });
    this.conn.onRequest("client/registerCapability", () => null);
    this.conn.onRequest("window/showMessageRequest", () => null);
    this.conn.listen();
  }

  async initialize(rootDir: string, initializationOptions: unknown = { debounceMs: 20 }, configuration = false, more: Record<string, unknown> = {}) {
    const r = await this.conn.sendRequest("initialize", {
      processId: process.pid,
      ...more,
      rootUri: uri(rootDir),
      capabilities: { workspace: { configuration }, textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions,
    });
    await this.conn.sendNotification("initialized", {});
    return r as { capabilities: Record<string, unknown> };
  }

  /** The next publishDiagnostics (counting those already received after `since`) that matches. */
  waitFor(pred: (p: PublishParams) => boolean, timeoutMs = 15000, since = 0): Promise<PublishParams> {
    const already = this.published.slice(since).find(pred);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no matching publishDiagnostics in ${timeoutMs} ms; logs:\n${this.logs.join("\n")}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (p) => (clearTimeout(t), resolve(p)) });
    });
  }

  open(file: string, text: string, languageId = "apacheconf", version = 1) {
    return this.conn.sendNotification("textDocument/didOpen", { textDocument: { uri: uri(file), languageId, version, text } });
  }

  change(file: string, version: number, text: string) {
    return this.conn.sendNotification("textDocument/didChange", { textDocument: { uri: uri(file), version }, contentChanges: [{ text }] });
  }

  async shutdown(): Promise<number | null> {
    await this.conn.sendRequest("shutdown");
    await this.conn.sendNotification("exit");
    const code = await this.exited;
    this.conn.dispose();
    return code;
  }

  /** Bytes straight onto the server's stdin, bypassing the JSON-RPC writer. */
  raw(bytes: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.proc.stdin!.write(bytes, (e) => (e ? reject(e) : resolve())));
  }

  /** didOpen under a URI string exactly as given (`uri()` would normalise it). */
  openUri(rawUri: string, text: string, languageId = "apacheconf", version = 1) {
    return this.conn.sendNotification("textDocument/didOpen", { textDocument: { uri: rawUri, languageId, version, text } });
  }

  kill() {
    if (this.proc.exitCode === null) this.proc.kill();
    this.conn.dispose();
  }
}

export const uri = (p: string) => new URL(`file://${path.resolve(p)}`).href;

/** Applies LSP TextEdits (non-overlapping) to a text. */
export function applyEdits(
  text: string,
  edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[],
): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  const off = (p: { line: number; character: number }) => (starts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  for (const e of sorted) text = text.slice(0, off(e.range.start)) + e.newText + text.slice(off(e.range.end));
  return text;
}
