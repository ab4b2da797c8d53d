/**
 * The benchmark's tree generators (bench/generate.mjs): the same seed writes
 * the same trees, the size asked for is met, djlint-conf reads every file of a
 * tree through its includes without a syntax or load problem, and, where
 * Debian's servers are installed (as in CI), each server's own config test
 * accepts the trees: the benchmark compares against those runs.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { lintFiles } from "../src/engine/run.js";
// @ts-expect-error: a plain ESM script without type declarations
import { generateTree } from "../bench/generate.mjs";

type Dialect = "apache" | "nginx" | "lighttpd";
type Variant = "single" | "tree";
interface Generated { entry: string; dir: string; files: number; bytes: number; sites: number }
const gen = generateTree as (o: { dialect: Dialect; variant: Variant; bytes: number; dir: string; seed?: number }) => Generated;

const DIALECTS: Dialect[] = ["apache", "nginx", "lighttpd"];
const VARIANTS: Variant[] = ["single", "tree"];
const BYTES = 150_000;

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-bench-test-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Every file of a tree, by path relative to its root, with the root's path masked. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, "utf8").split(dir).join("<root>");
    }
  };
  walk(dir);
  return out;
}

const cases = DIALECTS.flatMap((d) => VARIANTS.map((v) => [d, v] as const));

describe.each(cases)("%s %s", (dialect, variant) => {
  let g: Generated;
  beforeAll(() => {
    g = gen({ dialect, variant, bytes: BYTES, dir: path.join(tmp, `${dialect}-${variant}`), seed: 1 });
  });

  test("is deterministic for a seed and varies with it", () => {
    const again = gen({ dialect, variant, bytes: BYTES, dir: path.join(tmp, `${dialect}-${variant}-again`), seed: 1 });
    const other = gen({ dialect, variant, bytes: BYTES, dir: path.join(tmp, `${dialect}-${variant}-other`), seed: 2 });
    expect(snapshot(again.dir)).toEqual(snapshot(g.dir));
    expect(snapshot(other.dir)).not.toEqual(snapshot(g.dir));
  });

  test("reaches the size asked for, in one file or many", () => {
    const onDisk = Object.values(snapshot(g.dir)).length;
    expect(g.bytes).toBeGreaterThanOrEqual(BYTES);
    expect(g.bytes).toBeLessThan(BYTES * 1.15);
    expect(g.files).toBe(onDisk);
    if (variant === "single") expect(g.files).toBe(1);
    else expect(g.files).toBeGreaterThan(10);
  });

  test("djlint-conf reads every file through the includes, without syntax or load problems", () => {
    const run = lintFiles([g.entry], { cwd: g.dir });
    expect(run.skipped).toEqual([]);
    expect(run.results.map((r) => r.filePath).sort()).toEqual(Object.keys(snapshot(g.dir)).map((f) => path.join(g.dir, f)).sort());
    const problems = run.results.flatMap((r) => r.messages).filter((m) => m.ruleId === "syntax" || /^include-/.test(m.ruleId ?? ""));
    expect(problems.map((m) => `${m.file}:${m.range.line} ${m.ruleId} ${m.message}`)).toEqual([]);
  });
});

const bin = (name: string) => ["/usr/sbin", "/usr/bin", "/sbin"].map((d) => path.join(d, name)).find((p) => fs.existsSync(p));
const servers: Record<Dialect, { bin: string | undefined; args: (g: Generated) => string[] }> = {
  apache: { bin: bin("apache2"), args: (g) => ["-t", "-f", g.entry] },
  nginx: { bin: bin("nginx"), args: (g) => ["-t", "-q", "-c", g.entry, "-p", g.dir + path.sep] },
  lighttpd: { bin: bin("lighttpd"), args: (g) => ["-tt", "-f", g.entry] },
};

for (const dialect of DIALECTS) {
  const server = servers[dialect];
  if (!server.bin) {
    test.skip(`${dialect}: its own config test accepts the trees (not installed here)`, () => {});
    continue;
  }
  describe(`${dialect}: its own config test accepts the trees`, () => {
    test.each(VARIANTS)("%s", (variant) => {
      const g = gen({ dialect, variant, bytes: BYTES, dir: path.join(tmp, `oracle-${dialect}-${variant}`), seed: 3 });
      const r = spawnSync(server.bin as string, server.args(g), { encoding: "utf8" });
      expect({ status: r.status, output: (r.stdout + r.stderr).trim().split("\n").slice(-3) }).toMatchObject({ status: 0 });
    });
  });
}

// lighttpd keeps at most 4096 conditional blocks per server: the generator's
// 10 MB trees must stay under that, or lighttpd -tt fails with an assertion.
(servers.lighttpd.bin ? test : test.skip)("lighttpd accepts the 10 MB tree the benchmark generates", () => {
  const g = gen({ dialect: "lighttpd", variant: "tree", bytes: 10_000_000, dir: path.join(tmp, "lighttpd-10mb"), seed: 1 });
  const r = spawnSync(servers.lighttpd.bin as string, servers.lighttpd.args(g), { encoding: "utf8" });
  expect({ status: r.status, output: (r.stdout + r.stderr).trim().split("\n").slice(-3) }).toMatchObject({ status: 0 });
  fs.rmSync(g.dir, { recursive: true, force: true });
});
