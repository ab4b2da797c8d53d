/**
 * The language server against clients that break the protocol or push it hard
 * (README, "Editor integration"): malformed frames, requests out of lifecycle,
 * bad parameters, bad settings, `..` in URIs, a burst of big edits, and the
 * ways it must end. The built server over stdio, as in server.test.ts.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TestClient, uri, type PublishParams } from "./client.js";

const SITE = path.resolve("fixtures/lsp/site/site.conf");
const codes = (p: PublishParams) => p.diagnostics.map((d) => d.code).sort();
const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
/** Rejects when `p` has not settled within `ms` (a server that stopped reading never answers). */
const within = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms))]);
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { code?: number }) => e.code ?? null,
  );

let client: TestClient | undefined;
afterEach(() => {
  client?.kill();
  client = undefined;
});

describe("malformed frames are dropped and the server reads on", () => {
  test.each([
    ["Content-Length: abc", `Content-Length: abc\r\n\r\n{"jsonrpc":"2.0","method":"x"}`],
    ["no Content-Length", `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{"jsonrpc":"2.0","method":"x"}`],
    ["a Content-Length over the limit", `Content-Length: 99999999999\r\n\r\n{}`],
    ["garbage without a header end", "x".repeat(20_000)],
  ])("%s, then shutdown is answered and exit ends with 0", async (_what, bad) => {
    const c = (client = new TestClient());
    await c.initialize(path.dirname(SITE));
    await c.raw(bad);
    expect(await within(c.shutdown(), 10_000, "shutdown")).toBe(0);
    expect(c.logs.join("\n")).toMatch(/dropped a malformed message/);
  });

  test("a body that is not JSON gets a Parse error, and the next request is served", async () => {
    const c = (client = new TestClient());
    await c.initialize(path.dirname(SITE));
    await c.raw(frame("{ not json"));
    const hover = await c.conn.sendRequest("textDocument/hover", { textDocument: { uri: uri(SITE) }, position: { line: 0, character: 0 } });
    expect(hover).toBeNull();
    expect(c.logs.join("\n")).toMatch(/unreadable message/);
    expect(c.rawOut).toContain('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,');
    expect(await c.shutdown()).toBe(0);
  });
});

describe("the lifecycle of the LSP specification", () => {
  test("before initialize: requests get ServerNotInitialized (-32002), notifications are dropped", async () => {
    const c = (client = new TestClient());
    const before = c.conn.sendRequest("textDocument/hover", { textDocument: { uri: uri(SITE) }, position: { line: 0, character: 0 } });
    expect(await within(errorOf(before), 10_000, "hover before initialize")).toBe(-32002);
    await c.open(SITE, fs.readFileSync(SITE, "utf8"), "apacheconf", 1); // dropped
    await c.initialize(path.dirname(SITE), { debounceMs: 0 });
    // Served now: a document opened after initialize is linted; the one opened before never was.
    const other = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-lsp-")), "other.conf");
    await c.open(other, "PythonDebug On\n", "apacheconf", 1);
    await c.waitFor((p) => p.uri === uri(other));
    expect(c.published.filter((p) => p.uri === uri(SITE))).toEqual([]);
    const again = c.conn.sendRequest("initialize", { processId: null, rootUri: null, capabilities: {} });
    expect(await errorOf(again)).toBe(-32600);
    expect(await c.shutdown()).toBe(0);
  });

  test("after shutdown: requests get InvalidRequest (-32600); exit then ends with 0", async () => {
    const c = (client = new TestClient());
    await c.initialize(path.dirname(SITE));
    await c.conn.sendRequest("shutdown");
    const after = c.conn.sendRequest("textDocument/hover", { textDocument: { uri: uri(SITE) }, position: { line: 0, character: 0 } });
    expect(await within(errorOf(after), 10_000, "hover after shutdown")).toBe(-32600);
    expect(await errorOf(c.conn.sendRequest("shutdown"))).toBe(-32600);
    await c.conn.sendNotification("exit");
    expect(await c.exited).toBe(0);
  });

  test("exit without shutdown ends with 1", async () => {
    const c = (client = new TestClient());
    await c.initialize(path.dirname(SITE));
    await c.conn.sendNotification("exit");
    expect(await c.exited).toBe(1);
  });

  test("the server ends when its input closes", async () => {
    const c = (client = new TestClient());
    await c.initialize(path.dirname(SITE));
    c.proc.stdin!.end();
    expect(await within(c.exited, 10_000, "exit on end of input")).toBe(1);
  });

  test("the server ends when the client process (initialize's processId) dies", async () => {
    const parent = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    const c = (client = new TestClient());
    await c.initialize(path.dirname(SITE), { debounceMs: 20 }, false, { processId: parent.pid });
    parent.kill("SIGKILL");
    // vscode-languageserver checks the process every 3 s.
    expect(await within(c.exited, 15_000, "exit after the parent died")).toBe(1);
  });
});

describe("requests and notifications with bad parameters", () => {
  test("get InvalidParams (-32602) or are ignored; the server keeps serving", async () => {
    const c = (client = new TestClient());
    await c.initialize(path.dirname(SITE));
    expect(await errorOf(c.conn.sendRequest("textDocument/codeAction", { textDocument: { uri: uri(SITE) } }))).toBe(-32602);
    expect(
      await errorOf(
        c.conn.sendRequest("textDocument/codeAction", {
          textDocument: { uri: uri(SITE) },
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          context: { diagnostics: [{ message: "x" }] },
        }),
      ),
    ).toBe(-32602);
    expect(await errorOf(c.conn.sendRequest("textDocument/hover", { textDocument: { uri: uri(SITE) }, position: { line: -1 } }))).toBe(-32602);
    expect(await errorOf(c.conn.sendRequest("textDocument/hover", null))).toBe(-32602);
    // A code action for a document the server never saw: nothing to offer.
    expect(
      await c.conn.sendRequest("textDocument/codeAction", {
        textDocument: { uri: "file:///nowhere/x.conf" },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      }),
    ).toEqual([]);
    // didOpen without text: not linted, and nothing breaks.
    await c.conn.sendNotification("textDocument/didOpen", { textDocument: { uri: "file:///nowhere/empty.conf", languageId: "apache", version: 1 } });
    await c.conn.sendRequest("textDocument/hover", { textDocument: { uri: "file:///nowhere/empty.conf" }, position: { line: 0, character: 0 } });
    // didChange for a document that was never opened, and one without a version.
    await c.change(SITE, 2, "PythonDebug On\n");
    await c.conn.sendNotification("textDocument/didChange", { textDocument: { uri: uri(SITE) }, contentChanges: [{ text: "x" }] });
    await c.open(SITE, fs.readFileSync(SITE, "utf8"), "apacheconf", 1);
    expect(codes(await c.waitFor((p) => p.uri === uri(SITE) && p.version === 1))).toEqual([
      "apache/python-debug-on",
      "apache/wsgi-script-alias-trailing-slash",
    ]);
    expect(c.logs.join("\n")).not.toMatch(/failed: .*Error/);
    expect(await c.shutdown()).toBe(0);
  });
});

describe("client settings are checked like a configuration file", () => {
  test("a bad value is reported and ignored; the good settings still apply", async () => {
    const c = (client = new TestClient());
    await c.initialize(path.dirname(SITE), {
      debounceMs: 0,
      dialect: "cobol",
      rules: { "apache/python-debug-on": "warning", "apache/python-debug": "off" },
      colour: "blue",
    });
    await c.open(SITE, fs.readFileSync(SITE, "utf8"), "apacheconf", 1);
    const first = await c.waitFor((p) => p.uri === uri(SITE));
    expect(first.diagnostics.map((d) => [d.code, d.severity]).sort()).toEqual([
      ["apache/python-debug-on", 2],
      ["apache/wsgi-script-alias-trailing-slash", 1],
    ]);
    const shown = c.shown.map((s) => s.message).join("\n");
    expect(shown).toMatch(/"dialect" must be one of "apache", "nginx", "lighttpd" \(got "cobol"\)/);
    expect(shown).toMatch(/"rules.apache\/python-debug" is not a rule id: did you mean 'apache\/python-debug-on'/);
    expect(shown).toMatch(/"colour" is not a djlint-conf setting/);
    expect(c.shown.every((s) => s.type === 2)).toBe(true); // Warning

    // Pushed settings: the same checks.
    const since = c.published.length;
    await c.conn.sendNotification("workspace/didChangeConfiguration", {
      settings: { "djlint-conf": { profile: "staging", rules: { "apache/wsgi-script-alias-trailing-slash": "info" } } },
    });
    const next = await c.waitFor((p) => p.uri === uri(SITE), 15000, since);
    expect(next.diagnostics.map((d) => [d.code, d.severity]).sort()).toEqual([
      ["apache/python-debug-on", 1],
      ["apache/wsgi-script-alias-trailing-slash", 3],
    ]);
    expect(c.shown.map((s) => s.message).join("\n")).toMatch(/"profile" must be one of "production", "development" \(got "staging"\)/);
    expect(await c.shutdown()).toBe(0);
  });

  test("overlapping configuration changes: the newest wins over a slower pull", async () => {
    const c = (client = new TestClient());
    c.settings = { rules: { "apache/python-debug-on": "info" } };
    await c.initialize(path.dirname(SITE), { debounceMs: 0 }, true);
    await c.open(SITE, fs.readFileSync(SITE, "utf8"), "apacheconf", 1);
    await c.waitFor((p) => p.uri === uri(SITE));
    // A change without settings makes the server pull them (slowly, the old ones); a push follows at once.
    c.configDelayMs = 800;
    await c.conn.sendNotification("workspace/didChangeConfiguration", { settings: null });
    await c.conn.sendNotification("workspace/didChangeConfiguration", { settings: { "djlint-conf": { rules: { "apache/python-debug-on": "off" } } } });
    await new Promise((r) => setTimeout(r, 1500));
    const since = c.published.length;
    await c.change(SITE, 2, fs.readFileSync(SITE, "utf8") + "\n");
    expect(codes(await c.waitFor((p) => p.uri === uri(SITE) && p.version === 2, 15000, since))).toEqual(["apache/wsgi-script-alias-trailing-slash"]);
    expect(await c.shutdown()).toBe(0);
  });
});

test("a URI with '..' gets its diagnostics under that very URI", async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-lsp-")));
  fs.mkdirSync(path.join(dir, "sub"));
  const file = path.join(dir, "site.conf");
  const raw = `file://${dir}/sub/../site.conf`;
  const c = (client = new TestClient());
  await c.initialize(dir, { debounceMs: 0 });
  await c.openUri(raw, "PythonDebug On\n", "apacheconf", 1);
  const got = await c.waitFor((p) => p.uri === raw || p.uri === uri(file));
  expect(got.uri).toBe(raw);
  expect([got.version, codes(got)]).toEqual([1, ["apache/python-debug-on"]]);
  // Quick fixes edit the same URI.
  const actions = (await c.conn.sendRequest("textDocument/codeAction", {
    textDocument: { uri: raw },
    range: got.diagnostics[0].range,
    context: { diagnostics: got.diagnostics },
  })) as { isPreferred?: boolean; edit: { changes: Record<string, unknown> } }[];
  expect(Object.keys(actions.find((a) => a.isPreferred)!.edit.changes)).toEqual([raw]);
  expect(await c.shutdown()).toBe(0);
});

test("a burst of 500 full-document changes: a few lints, each publish true to its version, the last version's diagnostics", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-lsp-"));
  const file = path.join(dir, "big.conf");
  const block = "<VirtualHost *:80>\n    ServerName example.com\n    KeepAlive Off\n</VirtualHost>\n";
  const base = block.repeat(Math.ceil(100_000 / block.length));
  // Version v has v % 3 PythonDebug findings, so a publish shows which text was linted.
  const text = (v: number) => base + "PythonDebug On\n".repeat(v % 3);
  const c = (client = new TestClient());
  await c.initialize(dir, { debounceMs: 20 }, false, { trace: "messages" });
  await c.open(file, text(1), "apache", 1);
  for (let v = 2; v <= 500; v++) await c.change(file, v, text(v));
  const last = await c.waitFor((p) => p.uri === uri(file) && p.version === 500, 60_000);
  expect(last.diagnostics.filter((d) => d.code === "apache/python-debug-on")).toHaveLength(500 % 3);
  const mine = c.published.filter((p) => p.uri === uri(file));
  for (const p of mine) expect([p.version, p.diagnostics.filter((d) => d.code === "apache/python-debug-on").length]).toEqual([p.version, (p.version ?? 0) % 3]);
  expect(mine.length).toBeLessThanOrEqual(10);
  expect(c.traces.filter((t) => /linted/.test(t.message)).length).toBe(mine.length);
  expect(await c.shutdown()).toBe(0);
}, 90_000);
