/**
 * Debian's Neovim (0.7 in bookworm) as the LSP client: headless, attached with
 * vim.lsp.start_client + buf_attach_client (vim.lsp.start arrived in 0.8), on a
 * fixture with two pitfalls; reads what it received with vim.diagnostic.get.
 * Skipped only where nvim is not installed (CI installs it).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const hasNvim = spawnSync("nvim", ["--version"], { encoding: "utf8" }).status === 0;
const maybe = hasNvim ? describe : describe.skip;

maybe("Neovim's LSP client", () => {
  test("receives the two diagnostics of the fixture", () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-nvim-")), "result.json");
    const r = spawnSync("nvim", ["--headless", "--clean", "-u", "NONE", "-i", "NONE", "-n", "-c", `luafile ${path.resolve("fixtures/lsp/nvim/attach.lua")}`], {
      encoding: "utf8",
      timeout: 30000,
      env: { ...process.env, DJLINT_CONF_NODE: process.execPath, DJLINT_CONF_CLI: path.resolve("dist/cli.js"), DJLINT_CONF_FILE: path.resolve("fixtures/lsp/site/site.conf"), DJLINT_CONF_OUT: out },
    });
    expect(fs.existsSync(out) ? "" : `nvim wrote no result: ${r.status} ${r.stderr} ${r.stdout}`).toBe("");
    const result = JSON.parse(fs.readFileSync(out, "utf8")) as { ok: boolean; diagnostics: { lnum: number; col: number; end_col: number; severity: number; source: string; code: string; message: string }[] };
    expect(result.ok).toBe(true);
    const got = result.diagnostics.map((d) => [d.lnum, d.col, d.end_col, d.severity, d.source, d.code]).sort();
    expect(got).toEqual([
      [2, 20, 26, 1, "djlint-conf", "apache/wsgi-script-alias-trailing-slash"],
      [4, 20, 22, 1, "djlint-conf", "apache/python-debug-on"],
    ]);
  });
});
