/**
 * Runs the hand-written oracle cases (oracle-cases.ts): each in a private
 * temporary directory, with its own ports on loopback. The config test
 * (`apache2 -t`, `lighttpd -tt`) gives the first verdict; for live checks the
 * server is started in the foreground (`apache2 -X`, `lighttpd -D`) as this
 * process's child, asked over HTTP, and stopped again; an in-process echo
 * backend records what reached it. The linter runs on the same file.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { lintFiles } from "../../src/engine/run.js";
import { serverBinary } from "./oracles.js";
import { ORACLE_CASES, type LiveRequest, type OracleCase } from "./oracle-cases.js";
import { REJECTING } from "./ours.js";

const APACHE_MODULES = "/usr/lib/apache2/modules";
const ENGINE = ["syntax", "include-not-found", "include-cycle", "include-not-followed"];

export interface OracleResult {
  id: string;
  premise: string;
  /** The config test's exit status and first line. */
  server: { ok: boolean; message: string } | null;
  /** Each check and whether it held: `test: accepts`, `GET /x: 500`, `ours: apache/x fires`. */
  checks: { what: string; ok: boolean; got: string }[];
}

/** Requests the echo backend saw (parsed) and connections it got (any protocol). */
class EchoBackend {
  requests: { path: string; headers: http.IncomingHttpHeaders }[] = [];
  connections = 0;
  private server = http.createServer((req, res) => {
    this.requests.push({ path: req.url ?? "", headers: req.headers });
    const body = JSON.stringify({ path: req.url, headers: req.headers });
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  });
  port = 0;

  async start() {
    this.server.on("connection", () => this.connections++);
    this.server.on("clientError", (_e, socket) => socket.destroy());
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  reset() {
    this.requests = [];
    this.connections = 0;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function configText(c: OracleCase, dir: string, port: number, backend: number): string {
  const body = c.body
    .replace(/\{\{backend\}\}/g, String(backend))
    .replace(/\{\{port\}\}/g, String(port))
    .replace(/\{\{root\}\}/g, dir);
  if (c.dialect === "lighttpd") {
    return [
      `server.document-root = "${dir}/htdocs"`,
      `server.bind = "127.0.0.1"`,
      `server.port = ${port}`,
      `server.errorlog = "${dir}/error.log"`,
      body,
      "",
    ].join("\n");
  }
  const load = (m: string) => `LoadModule ${m}_module ${APACHE_MODULES}/mod_${m}.so`;
  return [
    `ServerRoot "${dir}"`,
    load("mpm_event"),
    load("authz_core"),
    ...(c.modules ?? []).map(load),
    "ServerName localhost",
    `Listen 127.0.0.1:${port}`,
    `PidFile "${dir}/httpd.pid"`,
    `ErrorLog "${dir}/error.log"`,
    `DocumentRoot "${dir}/htdocs"`,
    `<Directory "${dir}/htdocs">`,
    "    Require all granted",
    "</Directory>",
    body,
    "",
  ].join("\n");
}

function configTest(c: OracleCase, conf: string, dir: string): Promise<{ ok: boolean; message: string }> {
  const bin = serverBinary(c.dialect) as string;
  const args = c.dialect === "apache" ? ["-t", "-f", conf] : ["-tt", "-f", conf];
  return new Promise((resolve) => {
    execFile(
      bin,
      args,
      { cwd: dir, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C" }, timeout: 30_000, encoding: "utf8" },
      (err, stdout, stderr) => {
        const lines = `${stdout}${stderr}`.split("\n").filter((l) => l.trim() && !/AH00558/.test(l));
        resolve({ ok: !err, message: lines.join(" ").split(`${dir}/`).join("").slice(0, 200) });
      },
    );
  });
}

async function startServer(c: OracleCase, conf: string, dir: string, port: number): Promise<ChildProcess> {
  const bin = serverBinary(c.dialect) as string;
  const child = spawn(bin, c.dialect === "apache" ? ["-X", "-f", conf] : ["-D", "-f", conf], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C" },
    stdio: "ignore",
  });
  for (let i = 0; i < 100; i++) {
    if (await canConnect(port)) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`${c.id}: the server did not start listening on 127.0.0.1:${port}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => (clearTimeout(timer), resolve()));
    child.kill("SIGTERM");
  });
}

function get(port: number, r: LiveRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: r.path, headers: r.headers, timeout: 10_000 }, (res) => {
      let body = "";
      res.setEncoding("latin1");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

/** The checks of one live request. */
async function liveChecks(port: number, backend: EchoBackend, r: LiveRequest): Promise<OracleResult["checks"]> {
  backend.reset();
  const res = await get(port, r);
  // A proxied request may be logged by the backend a moment after the answer.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const out: OracleResult["checks"] = [];
  const label = `GET ${r.path}`;
  const got = `${res.status}${backend.connections ? " (backend reached)" : ""}`;
  if (r.status !== undefined) out.push({ what: `${label}: ${r.status}`, ok: res.status === r.status, got });
  if (r.notStatus !== undefined) out.push({ what: `${label}: not ${r.notStatus}`, ok: res.status !== r.notStatus, got });
  if (r.reachesBackend !== undefined)
    out.push({ what: `${label}: ${r.reachesBackend ? "reaches" : "does not reach"} the backend`, ok: backend.connections > 0 === r.reachesBackend, got });
  if (r.bodyContains !== undefined)
    out.push({
      what: `${label}: body contains ${JSON.stringify(r.bodyContains)}`,
      ok: res.body.includes(r.bodyContains),
      got: res.body.slice(0, 60).replace(/\s+/g, " "),
    });
  for (const [h, want] of Object.entries(r.backendSees ?? {})) {
    const seen = backend.requests[0]?.headers[h];
    const value = Array.isArray(seen) ? seen.join(", ") : seen;
    const ok = want === null ? value === undefined : value !== undefined && (typeof want === "string" ? value === want : want.test(value));
    out.push({ what: `${label}: backend sees ${h}${want === null ? " absent" : `: ${want}`}`, ok, got: value === undefined ? "(absent)" : value });
  }
  return out;
}

function ourChecks(c: OracleCase, conf: string, dir: string, serverOk: boolean | null): OracleResult["checks"] {
  const out: OracleResult["checks"] = [];
  for (const o of c.ours) {
    const run = lintFiles([conf], { cwd: dir, dialect: c.dialect, only: [o.rule, ...ENGINE], ...(o.apacheVersion ? { apacheVersion: o.apacheVersion } : {}) });
    const fired = run.results.some((r) => r.messages.some((m) => m.ruleId === o.rule));
    out.push({
      what: `ours: ${o.rule} ${o.fires ? "fires" : "is silent"}${o.apacheVersion ? ` (--apache-version ${o.apacheVersion})` : ""}`,
      ok: fired === o.fires,
      got: fired ? "fires" : "silent",
    });
  }
  // The config test accepts it: no rejecting finding of ours either (a false syntax error).
  if (serverOk) {
    const run = lintFiles([conf], { cwd: dir, dialect: c.dialect, only: [...REJECTING[c.dialect]] });
    const rejecting = run.results.flatMap((r) => r.messages).filter((m) => m.severity !== "info");
    out.push({
      what: "ours: no syntax error where the server accepts",
      ok: rejecting.length === 0,
      got: rejecting.map((m) => `${m.ruleId}: ${m.message}`).join("; ") || "none",
    });
  }
  return out;
}

/** Writes a case's files and config in a fresh directory; returns the config's path. */
export function writeCase(c: OracleCase, dir: string, port: number, backend: number): string {
  fs.mkdirSync(path.join(dir, "htdocs"), { recursive: true });
  for (const [rel, text] of Object.entries(c.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  const conf = path.join(dir, c.dialect === "apache" ? "httpd.conf" : "lighttpd.conf");
  fs.writeFileSync(conf, configText(c, dir, port, backend));
  return conf;
}

/** Only the linter's side of a case (no server): what test/conformance.test.ts checks. */
export function oursOnly(c: OracleCase): OracleResult["checks"] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `djlint-oracle-${c.id}-`));
  try {
    return ourChecks(c, writeCase(c, dir, 8080, 8000), dir, null);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runCase(c: OracleCase, backend: EchoBackend): Promise<OracleResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `djlint-oracle-${c.id}-`));
  try {
    const port = await freePort();
    const conf = writeCase(c, dir, port, backend.port);
    const server = await configTest(c, conf, dir);
    const checks: OracleResult["checks"] = [];
    const expectOk = c.test.accepts;
    const msgOk = c.test.accepts || c.test.message.test(server.message);
    checks.push({
      what: `config test: ${expectOk ? "accepts" : `refuses (${(c.test as { message: RegExp }).message.source})`}`,
      ok: server.ok === expectOk && msgOk,
      got: server.ok ? "accepts" : server.message,
    });
    if (server.ok && c.live?.length) {
      const child = await startServer(c, conf, dir, port);
      try {
        for (const r of c.live) checks.push(...(await liveChecks(port, backend, r)));
      } finally {
        await stopServer(child);
      }
    }
    checks.push(...ourChecks(c, conf, dir, server.ok));
    return { id: c.id, premise: c.premise, server, checks };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every case whose server is installed, one after another (each starts its own server). */
export async function runOracleCases(dialects: string[], cases = ORACLE_CASES): Promise<OracleResult[]> {
  const backend = new EchoBackend();
  await backend.start();
  const out: OracleResult[] = [];
  try {
    for (const c of cases) {
      if (!dialects.includes(c.dialect)) continue;
      if (!serverBinary(c.dialect)) {
        out.push({ id: c.id, premise: c.premise, server: null, checks: [] });
        continue;
      }
      out.push(await runCase(c, backend));
    }
  } finally {
    await backend.stop();
  }
  return out;
}
