/**
 * Fix all on save and the file watchers the server asks for. The debounce is
 * long so that an edit is not linted before the client asks for fix-all, as
 * happens when a user saves right after typing.
 */
import fs from "node:fs";
import path from "node:path";
import { applyEdits, TestClient, uri } from "./client.js";

const SITE = path.resolve("fixtures/lsp/site/site.conf");
let c: TestClient | undefined;
afterEach(() => c?.kill());

test("source.fixAll on a text newer than the last lint: the fixes are computed for the current text", async () => {
  c = new TestClient();
  await c.initialize(path.dirname(SITE), { debounceMs: 60000 });
  const text = fs.readFileSync(SITE, "utf8");
  await c.open(SITE, text, "apacheconf", 1);
  await c.waitFor((p) => p.uri === uri(SITE) && p.version === 1);
  // Two comment lines typed above: PythonDebug moves from line 4 to line 6; no lint runs for 60 s.
  const typed = "# shop\n# staging\n" + text;
  await c.change(SITE, 2, typed);
  const actions = (await c.conn.sendRequest("textDocument/codeAction", {
    textDocument: { uri: uri(SITE) },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ["source.fixAll"] },
  })) as { kind: string; edit: { changes: Record<string, Parameters<typeof applyEdits>[1]> } }[];
  expect(actions.map((a) => a.kind)).toEqual(["source.fixAll.djlint-conf"]);
  expect(applyEdits(typed, actions[0].edit.changes[uri(SITE)])).toBe(typed.replace("PythonDebug On", "PythonDebug Off"));
});

test("the server registers watchers for configurations (any name under sites-*/ and conf.d/, .htaccess) and the Django side", async () => {
  c = new TestClient();
  const registered = new Promise<{ registrations: { method: string; registerOptions: { watchers: { globPattern: string }[] } }[] }>((resolve) =>
    c!.conn.onRequest("client/registerCapability", (p) => (resolve(p as never), null)),
  );
  await c.conn.sendRequest("initialize", {
    processId: null,
    rootUri: uri(path.dirname(SITE)),
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
  });
  await c.conn.sendNotification("initialized", {});
  const { registrations } = await registered;
  expect(registrations.map((r) => r.method)).toEqual(["workspace/didChangeWatchedFiles"]);
  expect(registrations[0].registerOptions.watchers.map((w) => w.globPattern)).toEqual(
    expect.arrayContaining(["**/*.conf", "**/sites-*/*", "**/conf.d/*", "**/.htaccess", "**/*.py"]),
  );
});
