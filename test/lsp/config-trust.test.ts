/**
 * The language server finds configurations with the CLI's finder, under the
 * same rules (test/config-trust.test.ts): not above the project root, no
 * JavaScript configuration others could write. A planted configuration would
 * leave a marker file if it ran. Also: the search for main configs that
 * include a document stops at the project root.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TestClient, uri, type PublishParams } from "./client.js";

const codes = (p: PublishParams) => p.diagnostics.map((d) => `${d.code} ${d.severity}`).sort();
const planted = (marker: string) =>
  `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "ran");\nmodule.exports = { rules: { "apache/python-debug-on": "off" } };\n`;
function tree(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-lsp-trust-")));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    if (name.endsWith("/")) fs.mkdirSync(path.join(dir, name), { recursive: true });
    else fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

let client: TestClient | undefined;
afterEach(() => {
  client?.kill();
  client = undefined;
});

test("a JavaScript configuration above the project root is not run", async () => {
  const dir = tree({ "proj/.git/": "", "proj/conf/site.conf": "PythonDebug On\n" });
  fs.writeFileSync(path.join(dir, "djlint-conf.config.cjs"), planted(path.join(dir, "ran")));
  const c = (client = new TestClient());
  await c.initialize(path.join(dir, "proj"), { debounceMs: 0 });
  const site = path.join(dir, "proj/conf/site.conf");
  await c.open(site, "PythonDebug On\n", "apacheconf", 1);
  expect(codes(await c.waitFor((p) => p.uri === uri(site)))).toEqual(["apache/python-debug-on 1"]);
  expect(fs.existsSync(path.join(dir, "ran"))).toBe(false);
  expect(await c.shutdown()).toBe(0);
});

test("one in a world-writable directory is not run, and the client is told why", async () => {
  const dir = tree({ "shared/conf/site.conf": "PythonDebug On\n" });
  const config = path.join(dir, "shared/djlint-conf.config.cjs");
  fs.writeFileSync(config, planted(path.join(dir, "ran")));
  fs.chmodSync(path.join(dir, "shared"), 0o777);
  const c = (client = new TestClient());
  await c.initialize(path.join(dir, "shared"), { debounceMs: 0 });
  const site = path.join(dir, "shared/conf/site.conf");
  await c.open(site, "PythonDebug On\n", "apacheconf", 1);
  expect(codes(await c.waitFor((p) => p.uri === uri(site)))).toEqual(["apache/python-debug-on 1"]);
  expect(fs.existsSync(path.join(dir, "ran"))).toBe(false);
  expect(c.shown.map((s) => s.message)).toEqual([
    expect.stringMatching(new RegExp(`^djlint-conf: not loading ${config}: the directory ${dir}/shared is writable by group and others`)),
  ]);
  // Named in the settings, it is refused too.
  const since = c.published.length;
  await c.conn.sendNotification("workspace/didChangeConfiguration", { settings: { "djlint-conf": { configFile: config } } });
  await c.waitFor((p) => p.uri === uri(site), 15000, since);
  expect(fs.existsSync(path.join(dir, "ran"))).toBe(false);
  expect(c.shown.map((s) => s.message).join("\n")).toMatch(/refusing to load the configuration/);
  expect(await c.shutdown()).toBe(0);
});

test("main configs above the project root (here a configuration with root: true) are not linted with the document", async () => {
  const dir = tree({
    "apache2.conf": "LoadModule python_module modules/mod_python.so\nPythonDebug On\nIncludeOptional proj/*.conf\n",
    "proj/.djlint-conf.json": JSON.stringify({ root: true }),
    "proj/site.conf": "PythonDebug On\n",
  });
  const c = (client = new TestClient());
  await c.initialize(path.join(dir, "proj"), { debounceMs: 0 });
  const site = path.join(dir, "proj/site.conf");
  await c.open(site, "PythonDebug On\n", "apacheconf", 1);
  expect(codes(await c.waitFor((p) => p.uri === uri(site)))).toEqual(["apache/python-debug-on 1"]);
  await c.conn.sendRequest("textDocument/hover", { textDocument: { uri: uri(site) }, position: { line: 0, character: 0 } }); // everything sent before this has arrived
  expect(c.published.map((p) => p.uri)).not.toContain(uri(path.join(dir, "apache2.conf")));
  // Without the root, the main config is linted with it.
  fs.rmSync(path.join(dir, "proj/.djlint-conf.json"));
  await c.conn.sendNotification("workspace/didChangeConfiguration", { settings: { "djlint-conf": {} } });
  await c.waitFor((p) => p.uri === uri(path.join(dir, "apache2.conf")), 15000);
  expect(await c.shutdown()).toBe(0);
});
