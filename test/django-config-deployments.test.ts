/**
 * Held-out Django deployments whose team states the Django side in a configuration file
 * (test/deployments/django-config/<case>/): `django.assume`, `django.sites`,
 * `django.trustedFront`, `pathMap` in `.djlint-conf.json`, `.djlint-confrc.yaml` or the
 * `djlint-conf` key of `package.json`. Scored as test/deployments.test.ts scores its cases,
 * but the CLI runs WITHOUT `--no-config`, from the case's directory, so that the configuration
 * cascade finds the case's file as it would in the team's checkout (each case's configuration
 * is its project root: `"root": true` or a `package.json`).
 */
import fs from "node:fs";
import path from "node:path";
import { cli } from "./support/cli.js";

const ROOT = path.resolve("test/deployments/django-config");

interface Expected {
  rule: string;
  file: string;
  lines: number[];
}
interface Found {
  rule: string;
  file: string;
  line: number;
  message: string;
}

function readExpected(dir: string): Expected[] {
  return fs
    .readFileSync(path.join(dir, "EXPECTED"), "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => {
      const [rule, file, lines] = l.split("\t");
      return { rule, file: fs.realpathSync(path.join(dir, file)), lines: lines.split("|").map(Number) };
    });
}

const argsOf = (dir: string) => fs.readFileSync(path.join(dir, "CMD"), "utf8").trim().split(/\s+/);

function runCase(dir: string) {
  const r = cli(["-f", "json", ...argsOf(dir)], { cwd: dir });
  const found: Found[] = [];
  if (r.code !== 2)
    for (const res of JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number; message: string }[] }[])
      for (const m of res.messages)
        if (m.ruleId?.startsWith("django/")) found.push({ rule: m.ruleId, file: fs.realpathSync(res.filePath), line: m.line, message: m.message });
  return { code: r.code, found, stderr: r.stderr };
}

const cases = fs
  .readdirSync(ROOT)
  .filter((c) => fs.existsSync(path.join(ROOT, c, "EXPECTED")))
  .sort();

describe("held-out Django deployments configured by a configuration file", () => {
  test("the cases hold their own configuration and mix clean and faulty deployments", () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
    expect(cases.filter((c) => readExpected(path.join(ROOT, c)).length === 0).length).toBeGreaterThan(0);
    for (const c of cases) expect(argsOf(path.join(ROOT, c))).not.toContain("--no-config");
  });

  test.each(cases)("%s: the django/* findings are the expected ones, no exit 2", (c) => {
    const dir = path.join(ROOT, c);
    const { code, found, stderr } = runCase(dir);
    expect({ code, stderr: code === 2 ? stderr : "" }).not.toEqual({ code: 2, stderr: expect.anything() });
    const open = [...readExpected(dir)];
    const rel = (f: string) => path.relative(fs.realpathSync(dir), f);
    const fps: string[] = [];
    for (const f of found) {
      const i = open.findIndex((e) => e.rule === f.rule && e.file === f.file && e.lines.includes(f.line));
      if (i < 0) fps.push(`${f.rule} ${rel(f.file)}:${f.line}  ${f.message}`);
      else open.splice(i, 1);
    }
    expect({ falsePositives: fps, misses: open.map((m) => `${m.rule} ${rel(m.file)}:${m.lines.join("|")}`) }).toEqual({ falsePositives: [], misses: [] });
  });

  test("without its configuration file, a case whose settings are unknown is silent (the file is what makes it checkable)", () => {
    const dir = path.join(ROOT, "repo-split-settings-include-env-assume");
    const r = cli(["-f", "json", "--no-config", "--map", "/srv/shop=.", ...argsOf(dir)], { cwd: dir });
    const rules = (JSON.parse(r.stdout) as { messages: { ruleId: string }[] }[]).flatMap((f) => f.messages.map((m) => m.ruleId));
    expect(rules.filter((id) => id === "django/proxy-ssl-header-not-set" || id === "django/allowed-hosts-mismatch")).toEqual([]);
  });
});
