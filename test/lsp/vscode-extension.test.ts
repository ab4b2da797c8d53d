/**
 * The VS Code extension (editors/vscode). VS Code itself cannot be installed
 * here, so what is tested is what can be: the .vsix its script packages (with
 * @vscode/vsce), its manifest, and the server command line the extension runs
 * (`<node> server/dist/lsp.js --stdio`), started from the unpacked package.
 * Needs `npm install` in editors/vscode (the packaging tools); skipped, and
 * says so, where they are not installed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { dialectOfLanguage } from "../../src/dialects/registry.js";
import { TestClient, uri } from "./client.js";

const EXT = path.resolve("editors/vscode");
const installed = fs.existsSync(path.join(EXT, "node_modules/.bin/vsce"));
const maybe = installed ? describe : describe.skip;
if (!installed) console.warn("editors/vscode: packaging tools not installed (npm install there): the extension's tests are skipped");

maybe("the VS Code extension", () => {
  let unpacked = "";
  beforeAll(() => {
    const r = spawnSync("npm", ["run", "package"], { cwd: EXT, encoding: "utf8", timeout: 120000 });
    if (r.status !== 0) throw new Error(`npm run package failed: ${r.stdout}\n${r.stderr}`);
    unpacked = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-vsix-"));
    execFileSync("unzip", ["-q", path.join(EXT, "djlint-conf.vsix"), "-d", unpacked]);
  }, 180000);

  test("the .vsix holds the extension, the bundled server, its catalogs and the rule pages; no sources", () => {
    const root = path.join(unpacked, "extension");
    for (const f of [
      "package.json",
      "dist/extension.js",
      "server/dist/lsp.js",
      "server/dist/cli.js",
      "server/dist/cli.cjs",
      "server/dist/cli-lsp.cjs",
      "server/dist/catalog/nginx.json",
      "server/docs/rules/apache/python-debug-on.md",
      "LICENSE.txt",
    ])
      expect([f, fs.existsSync(path.join(root, f))]).toEqual([f, true]);
    expect(fs.existsSync(path.join(root, "src"))).toBe(false);
    expect(fs.existsSync(path.join(root, "node_modules"))).toBe(false);
    // vscode-languageclient is bundled; only `vscode` is left to the editor.
    const bundle = fs.readFileSync(path.join(root, "dist/extension.js"), "utf8");
    expect(bundle).toContain('require("vscode")');
    expect(bundle).not.toContain('require("vscode-languageclient');
  });

  test("every language the manifest contributes is one the server lints", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(unpacked, "extension/package.json"), "utf8"));
    const ids = manifest.contributes.languages.map((l: { id: string }) => l.id);
    expect(ids.map((id: string) => [id, dialectOfLanguage(id) ?? null])).toEqual([
      ["apacheconf", "apache"],
      ["nginx", "nginx"],
      ["lighttpd", "lighttpd"],
    ]);
    expect(manifest.main).toBe("./dist/extension.js");
  });

  test("the server command line the extension runs: diagnostics and rule pages from the package", async () => {
    const site = path.resolve("fixtures/lsp/site/site.conf");
    const c = new TestClient(["--stdio"], path.join(unpacked, "extension/server/dist/lsp.js"), os.tmpdir());
    try {
      await c.initialize(path.dirname(site));
      await c.open(site, fs.readFileSync(site, "utf8"), "apacheconf");
      const p = await c.waitFor((x) => x.uri === uri(site));
      expect(p.diagnostics.map((d) => d.code).sort()).toEqual(["apache/python-debug-on", "apache/wsgi-script-alias-trailing-slash"]);
      const debug = p.diagnostics.find((d) => d.code === "apache/python-debug-on")!;
      const hover = (await c.conn.sendRequest("textDocument/hover", { textDocument: { uri: uri(site) }, position: debug.range.start })) as {
        contents: { value: string };
      };
      // The rule's page, read from the package's docs/rules.
      expect(hover.contents.value).toContain(fs.readFileSync("docs/rules/apache/python-debug-on.md", "utf8").split("\n")[0]);
      expect(await c.shutdown()).toBe(0);
    } finally {
      c.kill();
    }
  });
});
