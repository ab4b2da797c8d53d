#!/usr/bin/env node
// Latency of the language server: time from a didChange (a one-line edit) to the
// publishDiagnostics for that version, on a generated 2,000-line Apache config.
// The debounce is set to 0 so the number is the server's own work (lint +
// protocol); an editor adds the debounce (150 ms by default) on top.
// Usage: npm run build && npm run bench:lsp [-- --runs 60 --lines 2000 | --file some.conf]
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import rpc from "vscode-jsonrpc/node.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg("runs", 60);
const LINES = arg("lines", 2000);

/**
 * A Django host's sites file as people write them: per site (~100 lines) a
 * commented header, logs, a mod_wsgi daemon, static and media aliases with
 * their <Directory> grants, headers, expiry rules and rewrites; 20 sites make
 * 2,000 lines.
 */
function generate(lines) {
  const out = [
    "# Django sites on this host. Generated for the djlint-conf LSP benchmark.",
    "LoadModule wsgi_module /usr/lib/apache2/modules/mod_wsgi.so",
    "LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so",
    "LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so",
    "LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so",
    "LoadModule expires_module /usr/lib/apache2/modules/mod_expires.so",
    "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so",
    "KeepAlive Off",
    "",
  ];
  const types = ["text/css", "application/javascript", "image/png", "image/jpeg", "image/gif", "image/svg+xml", "font/woff2", "image/webp"];
  for (let i = 0; out.length < lines; i++) {
    const site = [
      "# ------------------------------------------------------------------",
      `# site${i}.example.com: the shop for region ${i}`,
      "# Owner: platform team. Deployed by the release pipeline; do not edit by hand.",
      "# ------------------------------------------------------------------",
      `<VirtualHost *:80>`,
      `    ServerName site${i}.example.com`,
      `    ServerAlias www.site${i}.example.com`,
      `    ServerAdmin webmaster@site${i}.example.com`,
      `    ErrorLog \${APACHE_LOG_DIR}/site${i}-error.log`,
      `    CustomLog \${APACHE_LOG_DIR}/site${i}-access.log combined`,
      `    LogLevel warn`,
      "",
      "    # Django, in its own daemon processes",
      `    WSGIDaemonProcess site${i} processes=2 threads=15 display-name=%{GROUP} python-home=/srv/site${i}/venv`,
      `    WSGIProcessGroup site${i}`,
      `    WSGIApplicationGroup %{GLOBAL}`,
      `    WSGIScriptAlias / /srv/site${i}/deploy/wsgi.py`,
      `    <Directory /srv/site${i}/deploy>`,
      `        <Files wsgi.py>`,
      `            Require all granted`,
      `        </Files>`,
      `    </Directory>`,
      "",
      "    # Static files and uploads, served by Apache",
      `    Alias /static/ /srv/site${i}/static/`,
      `    Alias /media/ /srv/site${i}/media/`,
      `    <Directory /srv/site${i}/static>`,
      `        Require all granted`,
      `        Options -Indexes`,
      `    </Directory>`,
      `    <Directory /srv/site${i}/media>`,
      `        Require all granted`,
      `        Options -Indexes`,
      `    </Directory>`,
      "",
      "    # Caching",
      `    ExpiresActive On`,
      ...types.map((t, k) => `    ExpiresByType ${t} "access plus ${k + 1} month"`),
      ...types.map((t) => `    # ${t}: long-lived, fingerprinted by ManifestStaticFilesStorage`),
      "",
      "    # Security headers",
      `    Header always set X-Content-Type-Options nosniff`,
      `    Header always set X-Frame-Options DENY`,
      `    Header always set Referrer-Policy same-origin`,
      `    Header always set Strict-Transport-Security "max-age=31536000"`,
      "",
      "    # Old URLs",
      `    RewriteEngine On`,
      ...Array.from({ length: 14 }, (_, k) => [`    # moved in release ${k}`, `    RewriteRule ^/old${k}/(.*)$ /new${k}/$1 [R=301,L]`]).flat(),
      "",
      `</VirtualHost>`,
      "",
    ];
    out.push(...site);
  }
  return out.slice(0, lines).join("\n") + "\n";
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-bench-"));
const file = path.join(dir, "sites.conf");
const fileArg = process.argv.indexOf("--file");
const text = fileArg > 0 ? fs.readFileSync(process.argv[fileArg + 1], "utf8") : generate(LINES);
fs.writeFileSync(file, text);
const uri = pathToFileURL(file).href;

const proc = spawn(process.execPath, [path.join(root, "dist/cli.js"), "--lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
const waiting = new Map();
let lastCount = 0;
conn.onNotification("textDocument/publishDiagnostics", (p) => {
  if (p.uri !== uri) return;
  lastCount = p.diagnostics.length;
  const w = waiting.get(p.version);
  if (w) {
    waiting.delete(p.version);
    w(process.hrtime.bigint());
  }
});
conn.listen();
const published = (version) => new Promise((resolve) => waiting.set(version, resolve));

await conn.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
await conn.sendNotification("initialized", {});
let p = published(1);
await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "apache", version: 1, text } });
await p;
const findings = lastCount;

const times = [];
for (let v = 2; v < RUNS + 2; v++) {
  // Type one character on line 3 (a comment), alternating add and delete.
  const change =
    v % 2 === 0
      ? { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: "#" }
      : { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } }, text: "" };
  // An isolated edit, as a user pauses between them: past the debounce window, so it is linted at once.
  await new Promise((r) => setTimeout(r, 200));
  p = published(v);
  const t0 = process.hrtime.bigint();
  await conn.sendNotification("textDocument/didChange", { textDocument: { uri, version: v }, contentChanges: [change] });
  const t1 = await p;
  times.push(Number(t1 - t0) / 1e6);
}
await conn.sendRequest("shutdown");
await conn.sendNotification("exit");
conn.dispose();
fs.rmSync(dir, { recursive: true, force: true });

const sorted = [...times].sort((a, b) => a - b);
const q = (f) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))];
const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
console.log(
  `didChange -> publishDiagnostics on a ${text.split("\n").length - 1}-line Apache config (${findings} findings), ${RUNS} isolated edits, default debounce (150 ms, leading edge):`,
);
console.log(`  median ${median.toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, min ${sorted[0].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`);
