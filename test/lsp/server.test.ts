/**
 * The language server as an editor drives it: the built bin as a subprocess,
 * JSON-RPC over stdio with vscode-jsonrpc. No timing assertions; waits have
 * generous timeouts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyEdits, TestClient, uri, type PublishParams } from "./client.js";

const SITE = path.resolve("fixtures/lsp/site/site.conf");
const TREE = path.resolve("fixtures/lsp/tree");
const codes = (p: PublishParams) => p.diagnostics.map((d) => d.code).sort();

let client: TestClient | undefined;
afterEach(() => {
  client?.kill();
  client = undefined;
});

describe("djlint-conf --lsp", () => {
  test("diagnostics on open, update on change, quick fix, hover, shutdown", async () => {
    const c = (client = new TestClient());
    const init = await c.initialize(path.dirname(SITE));
    expect(init.capabilities).toEqual(expect.objectContaining({ codeActionProvider: expect.anything(), hoverProvider: true }));
    let text = fs.readFileSync(SITE, "utf8");
    await c.open(SITE, text, "apacheconf", 1);
    const first = await c.waitFor((p) => p.uri === uri(SITE) && p.version === 1);
    expect(codes(first)).toEqual(["apache/python-debug-on", "apache/wsgi-script-alias-trailing-slash"]);
    const debug = first.diagnostics.find((d) => d.code === "apache/python-debug-on")!;
    expect(debug).toEqual(
      expect.objectContaining({
        range: { start: { line: 4, character: 20 }, end: { line: 4, character: 22 } },
        severity: 1,
        source: "djlint-conf",
      }),
    );
    expect(debug.codeDescription?.href).toMatch(/docs\/rules\/apache\/python-debug-on\.md$/);

    // Fix one pitfall by typing: only the other remains.
    text = text.replace("PythonDebug On", "PythonDebug Off");
    await c.change(SITE, 2, text);
    const second = await c.waitFor((p) => p.uri === uri(SITE) && p.version === 2);
    expect(codes(second)).toEqual(["apache/wsgi-script-alias-trailing-slash"]);

    // Hover on the diagnostic shows the rule's page.
    const slash = second.diagnostics[0];
    const hover = (await c.conn.sendRequest("textDocument/hover", { textDocument: { uri: uri(SITE) }, position: slash.range.start })) as {
      contents: { value: string };
    };
    expect(hover.contents.value).toContain("apache/wsgi-script-alias-trailing-slash");
    // Hover on a directive: what is known about it.
    const onDirective = (await c.conn.sendRequest("textDocument/hover", { textDocument: { uri: uri(SITE) }, position: { line: 2, character: 6 } })) as {
      contents: { value: string };
    };
    expect(onDirective.contents.value).toContain("**WSGIScriptAlias** (apache)");
    expect(onDirective.contents.value).toContain("apache/wsgi-script-alias-trailing-slash");
    // The directive catalog: its module and where httpd allows it.
    expect(onDirective.contents.value).toContain("Module: mod_wsgi · Allowed: server config, virtual host");

    // Code actions: the rule's quick fix and the two suppressions.
    const actions = (await c.conn.sendRequest("textDocument/codeAction", {
      textDocument: { uri: uri(SITE) },
      range: slash.range,
      context: { diagnostics: [slash] },
    })) as { title: string; kind: string; isPreferred?: boolean; edit: { changes: Record<string, Parameters<typeof applyEdits>[1]> } }[];
    const titles = actions.map((a) => a.title);
    expect(titles).toContain("Disable apache/wsgi-script-alias-trailing-slash for this line");
    expect(titles).toContain("Disable apache/wsgi-script-alias-trailing-slash for this file");
    // Moving the mount is an unsafe fix: offered, labelled, never preferred.
    const fix = actions.find((a) => a.title.startsWith("Drop the trailing '/'"))!;
    expect(fix.title).toBe("Drop the trailing '/' (apache/wsgi-script-alias-trailing-slash) (unsafe)");
    expect(fix.isPreferred).toBe(false);
    expect(fix.kind).toBe("quickfix");
    text = applyEdits(text, fix.edit.changes[uri(SITE)]);
    expect(text).toContain("WSGIScriptAlias /shop /srv/shop/apache/django.wsgi");
    await c.change(SITE, 3, text);
    const third = await c.waitFor((p) => p.uri === uri(SITE) && p.version === 3);
    expect(third.diagnostics).toEqual([]);

    // The suppression action silences what it names.
    const disabled = applyEdits(fs.readFileSync(SITE, "utf8"), actions.find((a) => a.title.endsWith("for this line"))!.edit.changes[uri(SITE)]);
    expect(disabled).toContain("    # djlint-conf-disable-next-line apache/wsgi-script-alias-trailing-slash\n    WSGIScriptAlias /shop/");
    await c.change(SITE, 4, disabled);
    expect(codes(await c.waitFor((p) => p.uri === uri(SITE) && p.version === 4))).toEqual(["apache/python-debug-on"]);

    expect(await c.shutdown()).toBe(0);
  });

  test("source.fixAll.djlint-conf applies the safe fixes only; quick fixes offer both kinds", async () => {
    const c = (client = new TestClient());
    const init = await c.initialize(path.dirname(SITE));
    expect((init.capabilities as { codeActionProvider: { codeActionKinds: string[] } }).codeActionProvider.codeActionKinds).toContain(
      "source.fixAll.djlint-conf",
    );
    const text = fs.readFileSync(SITE, "utf8");
    await c.open(SITE, text, "apacheconf", 1);
    const first = await c.waitFor((p) => p.uri === uri(SITE) && p.version === 1);
    type Action = { title: string; kind: string; isPreferred?: boolean; edit: { changes: Record<string, Parameters<typeof applyEdits>[1]> } };
    const ask = async (only: string[] | undefined, diagnostics = first.diagnostics) =>
      (await c.conn.sendRequest("textDocument/codeAction", {
        textDocument: { uri: uri(SITE) },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics, ...(only ? { only } : {}) },
      })) as Action[];
    // On save (editor.codeActionsOnSave asks for source.fixAll): one action, the safe fix only.
    const onSave = await ask(["source.fixAll"], []);
    expect(onSave.map((a) => a.kind)).toEqual(["source.fixAll.djlint-conf"]);
    const fixed = applyEdits(text, onSave[0].edit.changes[uri(SITE)]);
    expect(fixed).toContain("PythonDebug Off");
    expect(fixed).toContain("WSGIScriptAlias /shop/ "); // the unsafe fix is not applied
    // Asked for quick fixes: both kinds, the unsafe one marked and not preferred.
    const quick = (await ask(["quickfix"])).filter((a) => !a.title.startsWith("Disable "));
    expect(quick.map((a) => [a.title, a.isPreferred, a.kind]).sort()).toEqual([
      ["Drop the trailing '/' (apache/wsgi-script-alias-trailing-slash) (unsafe)", false, "quickfix"],
      ["Set PythonDebug Off (apache/python-debug-on)", true, "quickfix"],
    ]);
    expect(await c.shutdown()).toBe(0);
  });

  test("an included file: its findings on its own URI, the including tree re-linted from the unsaved buffer", async () => {
    const c = (client = new TestClient());
    await c.initialize(TREE);
    const main = path.join(TREE, "apache2.conf");
    const site = path.join(TREE, "sites/app.conf");
    await c.open(main, fs.readFileSync(main, "utf8"), "apache", 1);
    const m1 = await c.waitFor((p) => p.uri === uri(main));
    expect(m1.diagnostics).toEqual([]); // KeepAlive On only matters with Django loaded
    await c.waitFor((p) => p.uri === uri(site));

    // Unsaved edit in the included file: mod_wsgi and mod_python loaded there.
    let text = fs.readFileSync(site, "utf8");
    await c.open(site, text, "apache", 1);
    text = "LoadModule wsgi_module /usr/lib/apache2/modules/mod_wsgi.so\nLoadModule python_module /usr/lib/apache2/modules/mod_python.so\n" + text;
    const since = c.published.length;
    await c.change(site, 2, text);
    const s2 = await c.waitFor((p) => p.uri === uri(site) && p.version === 2, 15000, since);
    expect(codes(s2)).toContain("apache/modpython-with-modwsgi");
    // ... and the main file, which did not change, now has the KeepAlive finding.
    const m2 = await c.waitFor((p) => p.uri === uri(main) && p.diagnostics.length > 0, 15000, since);
    expect(codes(m2)).toEqual(["apache/keepalive-on"]);
    // Closing the buffer: disk wins again, and the findings clear.
    const since2 = c.published.length;
    await c.conn.sendNotification("textDocument/didClose", { textDocument: { uri: uri(site) } });
    await c.waitFor((p) => p.uri === uri(main) && p.diagnostics.length === 0, 15000, since2);
    expect((await c.waitFor((p) => p.uri === uri(site), 15000, since2)).diagnostics).toEqual([]);
    expect(await c.shutdown()).toBe(0);
  });

  test("settings from workspace/configuration and didChangeConfiguration override the rules", async () => {
    const c = (client = new TestClient());
    c.settings = { debounceMs: 0, rules: { "apache/python-debug-on": "off" } };
    await c.initialize(path.dirname(SITE), { debounceMs: 0 }, true);
    await new Promise((r) => setTimeout(r, 200)); // let the server pull its settings after `initialized`
    await c.open(SITE, fs.readFileSync(SITE, "utf8"), "apacheconf", 1);
    const first = await c.waitFor((p) => p.uri === uri(SITE));
    expect(codes(first)).toEqual(["apache/wsgi-script-alias-trailing-slash"]);
    expect(c.configRequests.length).toBeGreaterThan(0);
    const since = c.published.length;
    await c.conn.sendNotification("workspace/didChangeConfiguration", {
      settings: { "djlint-conf": { rules: { "apache/wsgi-script-alias-trailing-slash": "warning" } } },
    });
    const next = await c.waitFor((p) => p.uri === uri(SITE), 15000, since);
    expect(next.diagnostics.map((d) => [d.code, d.severity]).sort()).toEqual([
      ["apache/python-debug-on", 1],
      ["apache/wsgi-script-alias-trailing-slash", 2],
    ]);
    expect(await c.shutdown()).toBe(0);
  });

  test("language id, content detection; huge and binary documents do not crash it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-lsp-"));
    const c = (client = new TestClient(["--stdio"], path.resolve("dist/lsp.js")));
    await c.initialize(dir, { debounceMs: 0 });
    const nginx = path.join(dir, "proxy.txt");
    await c.open(nginx, "server {\n    listen 80;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n", "nginx", 1);
    expect(codes(await c.waitFor((p) => p.uri === uri(nginx)))).toContain("nginx/proxy-missing-host-header");

    const huge = path.join(dir, "huge.conf");
    await c.open(huge, "PythonDebug On\n".repeat(400_000), "apache", 1);
    const binary = path.join(dir, "binary.conf");
    await c.open(binary, "PythonDebug On\n\u0000\u0001\u0002\uFFFD".repeat(1000), "apache", 1);
    await c.waitFor((p) => p.uri === uri(huge));
    await c.waitFor((p) => p.uri === uri(binary));
    for (const f of [huge, binary]) {
      await c.conn.sendRequest("textDocument/hover", { textDocument: { uri: uri(f) }, position: { line: 0, character: 2 } });
      await c.conn.sendRequest("textDocument/codeAction", {
        textDocument: { uri: uri(f) },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        context: { diagnostics: [] },
      });
    }
    // A request about a document the server never saw, and nonsense positions.
    await c.conn.sendRequest("textDocument/hover", { textDocument: { uri: "untitled:Untitled-1" }, position: { line: 99, character: 99 } });
    // Still serving.
    const since = c.published.length;
    await c.change(nginx, 2, "server {\n    listen 80;\n}\n");
    expect((await c.waitFor((p) => p.uri === uri(nginx) && p.version === 2, 15000, since)).diagnostics).toEqual([]);
    expect(await c.shutdown()).toBe(0);
  });
});
