/**
 * Machine output as tools read it: the JSON is ESLint's (ESLint's own
 * `stylish` formatter reads it), its fixes apply as ESLint applies them, and
 * --fix-dry-run with -f json or sarif keeps standard output parseable (the
 * fixed text in `output`, the diff on stderr).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ESLint } from "eslint";
import { cli } from "../support/cli.js";

// A safe fix (PythonDebug), an unsafe one (the mount's '/'), a warning and an info.
// The script path is not on this machine: django/settings-not-found (info) would say so; it is off here, the file is about ESLint's shape.
const TEXT = "KeepAlive On\nWSGIScriptAlias /a/ /srv/a/django.wsgi\nPythonDebug On\nNameVirtualHost *:80\n";
const FIXED_SAFE = "KeepAlive On\nWSGIScriptAlias /a/ /srv/a/django.wsgi\nPythonDebug Off\n";

function site(text = TEXT): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-eslint-"));
  const file = path.join(dir, "site.conf");
  fs.writeFileSync(file, text);
  return { dir, file };
}

type Msg = {
  ruleId: string;
  severity: number;
  djlintSeverity: string;
  fix?: { range: [number, number]; text: string };
  suggestions?: { desc: string; fix: { range: [number, number]; text: string } }[];
  fatal?: boolean;
};
type Result = {
  filePath: string;
  messages: Msg[];
  output?: string;
  source?: string;
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  fatalErrorCount: number;
};

test("ESLint's stylish formatter reads our JSON: positions, severities, counts and what --fix can fix", async () => {
  const { dir, file } = site();
  const r = cli(["--no-config", "--rule", "django/settings-not-found=off", "-f", "json", file], { cwd: dir });
  const results = JSON.parse(r.stdout) as Result[];
  const formatter = await new ESLint({ overrideConfigFile: true, cwd: dir }).loadFormatter("stylish");
  const text = (await formatter.format(results as unknown as ESLint.LintResult[])).replace(/\u001b\[[\d;]*m/g, "");
  expect(text).toContain(file);
  expect(text).toMatch(/3:13\s+error\s+PythonDebug is On.*apache\/python-debug-on/);
  expect(text).toMatch(/2:17\s+error\s+WSGIScriptAlias mount point.*apache\/wsgi-script-alias-trailing-slash/);
  expect(text).toMatch(/1:11\s+warning\s+KeepAlive is On/);
  // Our info is ESLint's warning (severity 1), the word kept beside it.
  expect(text).toMatch(/4:1\s+warning\s+NameVirtualHost has no effect/);
  expect(text).toContain("✖ 4 problems (2 errors, 2 warnings)");
  // Safe fixes are ESLint fixes (PythonDebug, NameVirtualHost); the unsafe mount move is a suggestion.
  expect(text).toContain("1 error and 1 warning potentially fixable with the `--fix` option.");
  const mount = results[0].messages.find((m) => m.ruleId === "apache/wsgi-script-alias-trailing-slash")!;
  expect(mount.fix).toBeUndefined();
  expect(mount.suggestions?.map((s) => s.desc)).toEqual(["Drop the trailing '/' (unsafe)"]);
  expect(results[0].messages.find((m) => m.ruleId === "apache/namevirtualhost-deprecated")).toEqual(
    expect.objectContaining({ severity: 1, djlintSeverity: "info" }),
  );
});

test("the fixes, applied as ESLint applies them to the file's text, give what --fix writes", () => {
  const { dir, file } = site();
  const results = JSON.parse(cli(["--no-config", "--rule", "django/settings-not-found=off", "-f", "json", file], { cwd: dir }).stdout) as Result[];
  const fixes = results[0].messages.flatMap((m) => (m.fix ? [m.fix] : [])).sort((a, b) => b.range[0] - a.range[0]);
  let text = fs.readFileSync(file, "utf8");
  for (const f of fixes) text = text.slice(0, f.range[0]) + f.text + text.slice(f.range[1]);
  expect(text).toBe(FIXED_SAFE);
  cli(["--no-config", "--rule", "django/settings-not-found=off", "--fix", file], { cwd: dir });
  expect(fs.readFileSync(file, "utf8")).toBe(FIXED_SAFE);
});

test("--fix-dry-run -f json: standard output is the JSON, with the fixed text in `output`; the diff is on stderr", () => {
  const { dir, file } = site();
  const r = cli(["--no-config", "--rule", "django/settings-not-found=off", "--fix-dry-run", "-f", "json", file], { cwd: dir });
  const results = JSON.parse(r.stdout) as Result[];
  expect(results[0].output).toBe(FIXED_SAFE);
  expect(results[0].messages.map((m) => m.ruleId).sort()).toEqual(["apache/keepalive-on", "apache/wsgi-script-alias-trailing-slash"]);
  expect(r.stderr).toMatch(/^-PythonDebug On$/m);
  expect(r.stderr).toMatch(/^\+PythonDebug Off$/m);
  expect(fs.readFileSync(file, "utf8")).toBe(TEXT);
  // A file fixes did not change has no `output`, as in ESLint.
  const clean = site("ServerName example.com\n");
  expect(
    JSON.parse(cli(["--no-config", "--rule", "django/settings-not-found=off", "--fix-dry-run", "-f", "json", clean.file], { cwd: clean.dir }).stdout)[0].output,
  ).toBeUndefined();
});

test("--fix-dry-run -f sarif keeps standard output SARIF", () => {
  const { dir, file } = site();
  const r = cli(["--no-config", "--rule", "django/settings-not-found=off", "--fix-dry-run", "-f", "sarif", file], { cwd: dir });
  const sarif = JSON.parse(r.stdout) as { version: string; runs: { results: unknown[] }[] };
  expect(sarif.version).toBe("2.1.0");
  expect(sarif.runs[0].results.length).toBe(2);
  expect(r.stderr).toMatch(/^\+PythonDebug Off$/m);
});

test("a syntax error is fatal, with the file's source (secret values masked, offsets kept)", () => {
  const text = "<Location /app\nProxyPass / http://u:hunter2secret@127.0.0.1:8000/\nSetEnv DB_PASSWORD hunter2secret\n";
  const { dir, file } = site(text);
  const results = JSON.parse(cli(["--no-config", "--rule", "django/settings-not-found=off", "-f", "json", file], { cwd: dir }).stdout) as Result[];
  const syntax = results[0].messages.filter((m) => m.ruleId === "syntax");
  expect(syntax.length).toBeGreaterThan(0);
  for (const m of syntax) expect(m.fatal).toBe(true);
  expect(results[0].fatalErrorCount).toBe(syntax.length);
  expect(results[0].source?.length).toBe(text.length);
  expect(results[0].source).not.toContain("hunter2secret");
  expect(results[0].source).toContain("SetEnv DB_PASSWORD ");
});
