/**
 * Every capability the server announces has a test: the initialize result's
 * capabilities are read, and each must map to protocol methods that some
 * test in test/lsp sends (a new capability without a test, or without an
 * entry here, fails). Also the one sync method no other test sends: didSave.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TestClient, uri } from "./client.js";

/** Capability -> the methods a client uses it through. */
const METHODS: Record<string, string[]> = {
  textDocumentSync: ["textDocument/didOpen", "textDocument/didChange", "textDocument/didClose", "textDocument/didSave"],
  codeActionProvider: ["textDocument/codeAction"],
  hoverProvider: ["textDocument/hover"],
  documentSymbolProvider: ["textDocument/documentSymbol"],
  foldingRangeProvider: ["textDocument/foldingRange"],
  selectionRangeProvider: ["textDocument/selectionRange"],
  completionProvider: ["textDocument/completion"],
  definitionProvider: ["textDocument/definition"],
  referencesProvider: ["textDocument/references"],
  documentLinkProvider: ["textDocument/documentLink"],
};

let c: TestClient | undefined;
afterEach(() => c?.kill());

test("each announced capability is exercised by a test in test/lsp", async () => {
  c = new TestClient();
  const { capabilities } = await c.initialize(process.cwd());
  // What the tests send (directly, or through the client's open/change helpers), not the names listed above.
  const tests = fs
    .readdirSync("test/lsp")
    .filter((f) => f.endsWith(".ts"))
    .map((f) => fs.readFileSync(path.join("test/lsp", f), "utf8"))
    .join("\n");
  const sent = (m: string) => new RegExp(`(?:send(?:Request|Notification)|request(?:<[^>]*>)?)\\(\\s*"${m}"`).test(tests);
  const missing = Object.keys(capabilities).flatMap((cap) => (METHODS[cap] ?? [`(no entry for ${cap})`]).filter((m) => !sent(m)).map((m) => `${cap}: ${m}`));
  expect(missing).toEqual([]);
});

test("didSave: a configuration file saved since takes effect", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-save-"));
  const site = path.join(dir, "site.conf");
  const text = "<VirtualHost *:80>\n    PythonDebug On\n</VirtualHost>\n";
  fs.writeFileSync(site, text);
  fs.writeFileSync(path.join(dir, ".djlint-conf.json"), JSON.stringify({ root: true }));
  c = new TestClient();
  await c.initialize(dir);
  await c.open(site, text, "apacheconf", 1);
  const first = await c.waitFor((p) => p.uri === uri(site));
  expect(first.diagnostics.map((d) => d.code)).toContain("apache/python-debug-on");
  fs.writeFileSync(path.join(dir, ".djlint-conf.json"), JSON.stringify({ root: true, rules: { "apache/python-debug-on": "off" } }));
  const since = c.published.length;
  await c.conn.sendNotification("textDocument/didSave", { textDocument: { uri: uri(site) } });
  const after = await c.waitFor((p) => p.uri === uri(site), 15000, since);
  expect(after.diagnostics.map((d) => d.code)).not.toContain("apache/python-debug-on");
});
