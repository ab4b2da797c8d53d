/**
 * Debian's Neovim (0.7 in bookworm) as the LSP client: headless, attached with
 * vim.lsp.start_client + buf_attach_client (vim.lsp.start arrived in 0.8), on a
 * fixture with two pitfalls; reads what it received with vim.diagnostic.get.
 * Then the documented set-up (editors/nvim/djlint-conf.lua) on a multi-file
 * workspace: filetypes of repository layouts, completion, go to definition,
 * document symbols and fix-all. Skipped only where nvim is not installed (CI
 * installs it).
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
      env: {
        ...process.env,
        DJLINT_CONF_NODE: process.execPath,
        DJLINT_CONF_CLI: path.resolve("dist/cli.js"),
        DJLINT_CONF_FILE: path.resolve("fixtures/lsp/site/site.conf"),
        DJLINT_CONF_OUT: out,
      },
    });
    expect(fs.existsSync(out) ? "" : `nvim wrote no result: ${r.status} ${r.stderr} ${r.stdout}`).toBe("");
    const result = JSON.parse(fs.readFileSync(out, "utf8")) as {
      ok: boolean;
      diagnostics: { lnum: number; col: number; end_col: number; severity: number; source: string; code: string; message: string }[];
    };
    expect(result.ok).toBe(true);
    const got = result.diagnostics.map((d) => [d.lnum, d.col, d.end_col, d.severity, d.source, d.code]).sort();
    expect(got).toEqual([
      [2, 20, 26, 1, "djlint-conf", "apache/wsgi-script-alias-trailing-slash"],
      [4, 20, 22, 1, "djlint-conf", "apache/python-debug-on"],
    ]);
  });

  test("the editors/nvim set-up: filetypes of repository layouts, completion, definitions, symbols, fix-all", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-nvim-ws-"));
    const ws = path.join(tmp, "ws");
    fs.cpSync(path.resolve("fixtures/lsp/workspace"), ws, { recursive: true });
    fs.mkdirSync(path.join(ws, "deploy/sites-enabled"), { recursive: true });
    fs.writeFileSync(path.join(ws, "deploy/sites-enabled/site"), "server {\n    listen 80;\n}\n");
    fs.writeFileSync(path.join(ws, "apache2/.htaccess"), "Options -Indexes\n");
    fs.writeFileSync(path.join(ws, "apache2/sites-enabled/debug.conf"), "<VirtualHost *:80>\n    PythonDebug On\n</VirtualHost>\n");
    const out = path.join(tmp, "result.json");
    const r = spawnSync(
      "nvim",
      ["--headless", "--clean", "-u", "NONE", "-i", "NONE", "-n", "-c", `luafile ${path.resolve("fixtures/lsp/nvim/features.lua")}`],
      {
        encoding: "utf8",
        timeout: 90000,
        env: {
          ...process.env,
          DJLINT_CONF_NODE: process.execPath,
          DJLINT_CONF_CLI: path.resolve("dist/cli.js"),
          DJLINT_CONF_PLUGIN: path.resolve("editors/nvim/djlint-conf.lua"),
          DJLINT_CONF_WS: ws,
          DJLINT_CONF_OUT: out,
        },
      },
    );
    expect(fs.existsSync(out) ? "" : `nvim wrote no result: ${r.status} ${r.stderr} ${r.stdout}`).toBe("");
    const got = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(got.error).toBeUndefined();
    expect(got.filetypes).toEqual({
      "nginx/conf.d/site.conf": "nginx",
      "apache2/sites-enabled/shop.conf": "apache",
      "lighttpd/conf.d/django.conf": "lighttpd",
      "apache2/apache2.conf": "apache",
      "deploy/sites-enabled/site": "nginx",
      "apache2/.htaccess": "apache",
      "apache2/sites-enabled/debug.conf": "apache",
    });
    expect(got.completion).toEqual(["django"]);
    expect(got.upstream).toEqual([["nginx/conf.d/upstreams.conf", 0, 9]]);
    expect([...got.include].sort()).toEqual([
      ["apache2/sites-enabled/blog.conf", 0, 0],
      ["apache2/sites-enabled/debug.conf", 0, 0],
      ["apache2/sites-enabled/shop.conf", 0, 0],
    ]);
    expect(got.daemon).toEqual([["apache2/sites-enabled/shop.conf", 4, 22]]);
    expect(got.symbols).toEqual(["<VirtualHost *:443> shop.example.com"]);
    expect(got.fixAllKinds).toEqual(["source.fixAll.djlint-conf"]);
    expect(got.fixed).toEqual(["<VirtualHost *:80>", "    PythonDebug Off", "</VirtualHost>"]);
  });
});
