/**
 * The language server reads configuration as the CLI does
 * (test/config-cascade.test.ts): the cascade up to the project root, what a
 * configuration extends, and the `overrides` entries that match the document.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TestClient, uri, type PublishParams } from "./client.js";

const codes = (p: PublishParams) => p.diagnostics.map((d) => `${d.code} ${d.severity}`).sort();
function tree(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-lsp-cascade-")));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

let client: TestClient | undefined;
afterEach(() => {
  client?.kill();
  client = undefined;
});

test("a nested configuration inherits the repository's, extends a shared one, and overrides entries apply by file", async () => {
  const dir = tree({
    "package.json": "{}\n",
    "shared/base.yaml": "rules:\n  apache/python-debug-on: warn\n",
    ".djlint-conf.json": JSON.stringify({
      extends: "./shared/base.yaml",
      overrides: [{ files: ["deploy/staging/**"], rules: { "apache/python-debug-on": 0 } }],
    }),
    "deploy/legacy/.djlint-conf.json": JSON.stringify({ profile: "production" }),
    "deploy/legacy/site.conf": "PythonDebug On\n",
    "deploy/staging/site.conf": "PythonDebug On\n",
  });
  const c = (client = new TestClient());
  await c.initialize(dir, { debounceMs: 0 });
  const legacy = path.join(dir, "deploy/legacy/site.conf");
  await c.open(legacy, "PythonDebug On\n", "apacheconf", 1);
  // 2: warning (LSP severities), from the shared configuration through the root one.
  expect(codes(await c.waitFor((p) => p.uri === uri(legacy)))).toEqual(["apache/python-debug-on 2"]);
  const staging = path.join(dir, "deploy/staging/site.conf");
  await c.open(staging, "PythonDebug On\n", "apacheconf", 1);
  expect(codes(await c.waitFor((p) => p.uri === uri(staging)))).toEqual([]);
  expect(await c.shutdown()).toBe(0);
});
