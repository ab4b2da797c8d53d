/**
 * Real-world Apache configs (test/corpus/apache): every file httpd accepts
 * parses without a `syntax` problem, and the CLI lints the whole corpus
 * without crashing.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseApache } from "../grammars/apache/index.js";
import { cli } from "./support/cli.js";
import { CORPUS, corpusFiles } from "./support/corpus.js";

/**
 * Files the manifest does not mark invalid but that httpd 2.4 itself rejects,
 * with httpd's message. The oracle test below re-checks each with apache2 -t
 * when Debian's apache2 is installed (as in CI).
 */
const HTTPD_REJECTS: Record<string, { line: number; httpd: string }> = {
  "apache-conf-files/passing/two-blocks-one-line-1693.conf": { line: 1, httpd: "Expected </IfModule> before end of configuration" },
};

const files = corpusFiles("apache");
const rejected = (p: string) => Object.entries(HTTPD_REJECTS).find(([suffix]) => p.endsWith(suffix))?.[1];

test("the corpus is there", () => {
  expect(files.length).toBeGreaterThanOrEqual(600);
});

describe("every Apache file httpd accepts parses without a syntax problem", () => {
  test.each(files.filter((f) => !f.invalid).map((f) => [path.relative(CORPUS, f.path), f] as const))("%s", (_, f) => {
    const { ast } = parseApache(f.path, fs.readFileSync(f.path, "utf8"));
    const known = rejected(f.path);
    if (known) expect(ast.problems.map((p) => p.range.line)).toEqual([known.line]);
    else expect(ast.problems.map((p) => `${p.range.line}:${p.range.column} ${p.message}`)).toEqual([]);
  });
});

test("files marked intentionally invalid that are invalid at the syntax level are rejected", () => {
  // The manifest's invalid files include semantic errors (undefined macro...); those with a
  // structural error must get a syntax problem.
  const structural = files.filter((f) => f.invalid && /not closed|without matching|expected token not found|missing closing|unclosed/i.test(f.notes));
  expect(structural.length).toBeGreaterThan(0);
  for (const f of structural) expect([f.path, parseApache(f.path, fs.readFileSync(f.path, "utf8")).ast.problems.length > 0]).toEqual([f.path, true]);
});

test("the CLI lints the whole Apache corpus without an internal error", () => {
  const args = ["--dialect", "apache", "-f", "json", ...files.map((f) => f.path)];
  const r = cli(args);
  expect(r.stderr).not.toMatch(/internal error/);
  expect([0, 1]).toContain(r.code);
  const out = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
  const linted = new Set(out.map((f) => f.filePath));
  for (const f of files) expect(linted.has(f.path) ? f.path : `not linted: ${f.path}`).toBe(f.path);
  const invalid = new Set(files.filter((f) => f.invalid).map((f) => f.path));
  const syntax = out.filter((f) => !invalid.has(f.filePath) && !rejected(f.filePath) && f.messages.some((m) => m.ruleId === "syntax"));
  expect(syntax.map((f) => f.filePath)).toEqual([]);
});

const apache2 = ["/usr/sbin/apache2", "/usr/sbin/httpd"].find((p) => fs.existsSync(p));
(apache2 ? describe : describe.skip)("oracle: httpd rejects the files listed as rejected", () => {
  for (const [suffix, { line, httpd }] of Object.entries(HTTPD_REJECTS)) {
    test(suffix, () => {
      const file = files.find((f) => f.path.endsWith(suffix))!.path;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-oracle-"));
      const main = path.join(dir, "main.conf");
      fs.writeFileSync(
        main,
        [
          "ServerRoot /etc/apache2",
          "LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so",
          "ServerName localhost",
          `PidFile ${dir}/pid`,
          `ErrorLog ${dir}/error.log`,
          `Include ${file}`,
          "",
        ].join("\n"),
      );
      const r = spawnSync(apache2 as string, ["-t", "-f", main], { encoding: "utf8" });
      expect(r.status).not.toBe(0);
      expect(r.stderr + r.stdout).toContain(`Syntax error on line ${line} of ${file}: ${httpd}`);
    });
  }
});
