/**
 * The nginx -> Apache topology rules (seed 004: nginx on 80/443 in front of
 * Apache on 127.0.0.1:9000) need an nginx tree and an Apache tree linted in
 * one run. Their two-server cases are tree cases whose case.json lists both
 * entries (`nginx.conf` and `apache/httpd.conf`); the generic runner checks
 * their annotations, this file that they really are two servers, and the CLI.
 */
import fs from "node:fs";
import path from "node:path";
import { lintFiles } from "../src/engine/run.js";
import { readExpectations } from "./support/annotations.js";
import { ENGINE_IDS } from "./support/cases.js";
import { compare, type Found } from "./support/compare.js";
import { cli } from "./support/cli.js";

const RULES = ["nginx/backend-not-listening", "apache/backend-listen-public"];
const FIXTURES = path.resolve("fixtures/rules");

function confFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? confFiles(p) : e.name.endsWith(".conf") ? [p] : [];
    })
    .sort();
}

for (const id of RULES) {
  const dir = path.join(FIXTURES, id);
  const cases = fs
    .readdirSync(dir)
    .filter((n) => fs.existsSync(path.join(dir, n, "apache/httpd.conf")))
    .sort();

  // The generic runner lints these cases (their case.json lists both entries); here, what makes them two-server cases.
  describe(`${id} with nginx and Apache in one run`, () => {
    test("has two-server cases that fire and that stay clean", () => {
      expect(cases.filter((c) => c.startsWith("fires-")).length).toBeGreaterThan(0);
      expect(cases.filter((c) => c.startsWith("clean-")).length).toBeGreaterThan(0);
    });

    for (const name of cases) {
      test(`${name} is linted as two servers, nginx and Apache`, () => {
        const root = path.join(dir, name);
        const entries = [path.join(root, "nginx.conf"), path.join(root, "apache/httpd.conf")];
        const run = lintFiles(entries, { cwd: root, only: [id, ...ENGINE_IDS] });
        expect(run.skipped).toEqual([]);
        expect(new Set(run.results.map((r) => r.dialect))).toEqual(new Set(["nginx", "apache"]));
        const expected = confFiles(root).flatMap((f) => readExpectations(f));
        const found: Found[] = run.results.flatMap((r) =>
          r.messages.map((m) => ({ file: m.file, line: m.range.line, column: m.range.column, ruleId: m.ruleId, message: m.message })),
        );
        expect(compare(expected, found, FIXTURES)).toEqual({ missing: [], unexpected: [] });
      });
    }
  });
}

test("the CLI lints an nginx tree and an Apache tree given in one command", () => {
  const root = path.join(FIXTURES, "nginx/backend-not-listening/fires-port-mismatch");
  // The web root it names mapped (/var/www is there only where Debian's web servers are installed; without it the run says so on standard error).
  const r = cli(["-f", "json", "--map", "/var/www=.", "nginx.conf", "apache"], { cwd: root });
  expect(r.stderr).toBe("");
  const out = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
  const ids = out.flatMap((f) => f.messages.map((m) => `${path.relative(root, f.filePath)}:${m.line} ${m.ruleId}`));
  expect(ids).toEqual(expect.arrayContaining(["nginx.conf:6 nginx/backend-not-listening", "nginx.conf:21 nginx/backend-not-listening"]));
});
