/**
 * How the CLI process ends and starts, where it leaves Node's defaults for speed (src/cli/stdio.ts writes the report
 * straight to the descriptor; src/cli/loader.cjs sets V8's optimisation budget before it runs the bundle):
 * - output is never cut short: a reader that takes its time still gets every byte, and the exit code;
 * - the code caches the build made are the ones a run uses: V8 rejects a cache made under other flags, and a run
 *   that rejects one compiles the whole bundle and writes the cache again (at every start, if the flags differ).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

let dir = "";
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-end-"));
  fs.mkdirSync(path.join(dir, ".git"));
  // 400 virtual hosts, each with a finding: a report far larger than a pipe's buffer (64 KB).
  const hosts = Array.from(
    { length: 400 },
    (_, i) => `<VirtualHost *:80>\n  ServerName s${i}.example\n  DocumentRoot /var/www/s${i}\n  PythonDebug On\n</VirtualHost>\n`,
  );
  fs.writeFileSync(path.join(dir, "sites.conf"), hosts.join(""));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a reader that starts late gets the whole report and the exit code", () => {
  // The reader sleeps before it reads: the CLI blocks on the full pipe (64 KB) meanwhile, or queues its writes.
  const cli = JSON.stringify(path.resolve("dist/cli.js"));
  const script = `{ ${JSON.stringify(process.execPath)} ${cli} --no-config -f json sites.conf; echo $? > code; } | { sleep 0.5; cat; }`;
  const r = spawnSync("sh", ["-c", script], { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  expect(r.stdout.length).toBeGreaterThan(65536);
  const report = JSON.parse(r.stdout) as { messages: unknown[] }[];
  expect(report[0].messages.length).toBeGreaterThanOrEqual(400);
  expect(fs.readFileSync(path.join(dir, "code"), "utf8").trim()).toBe("1");
});

test("a lint runs from the build's code caches and leaves them as they are", () => {
  const copy = path.join(dir, "dist");
  fs.cpSync(path.resolve("dist"), copy, { recursive: true });
  const caches = fs.readdirSync(copy).filter((f) => f.endsWith(".cache"));
  expect(caches).toContain("cli.cjs.cache");
  const before = new Map(caches.map((f) => [f, fs.readFileSync(path.join(copy, f))]));
  const r = spawnSync(process.execPath, [path.join(copy, "cli.js"), "--no-config", "-f", "json", "sites.conf"], { cwd: dir, encoding: "utf8" });
  expect(r.status).toBe(1);
  for (const [f, bytes] of before) expect({ f, same: fs.readFileSync(path.join(copy, f)).equals(bytes) }).toEqual({ f, same: true });
});

test("what a dependency or a JavaScript configuration queued in Node's own stream still reaches a slow reader", () => {
  // The CLI ends the process as soon as its run is over unless something is pending (src/cli/bin.ts): a 300 KB write
  // to a pipe nobody reads yet stays queued in process.stdout, and must not be cut off.
  const proj = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-end-js-")));
  try {
    fs.mkdirSync(path.join(proj, ".git"));
    fs.writeFileSync(path.join(proj, "djlint-conf.config.cjs"), 'process.stdout.write("#".repeat(300000));\nmodule.exports = {};\n');
    fs.writeFileSync(path.join(proj, "site.conf"), "<Location />\n    PythonDebug On\n</Location>\n");
    const cli = JSON.stringify(path.resolve("dist/cli.js"));
    const script = `{ ${JSON.stringify(process.execPath)} ${cli} -f json site.conf; echo $? > code; } | { sleep 0.5; cat; }`;
    const r = spawnSync("sh", ["-c", script], { cwd: proj, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(r.stdout.slice(0, 300000)).toBe("#".repeat(300000));
    const report = JSON.parse(r.stdout.slice(300000)) as { messages: { ruleId: string }[] }[];
    expect(report[0].messages.map((m) => m.ruleId)).toContain("apache/python-debug-on");
    expect(fs.readFileSync(path.join(proj, "code"), "utf8").trim()).toBe("1");
  } finally {
    fs.rmSync(proj, { recursive: true, force: true });
  }
});
