/**
 * --fix as users run it: every fixable rule's fixtures fixed on disk, files
 * re-parse, the finding is gone, nothing outside the edits changes; writes are
 * atomic and keep the file's mode; dry runs and stdin never write.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { allRules } from "../src/engine/registry.js";
import { lintFiles } from "../src/engine/run.js";
import { fixFiles } from "../src/fix/fix.js";
import { replaceFile } from "../src/fix/write.js";
import { cli } from "./support/cli.js";
import { ENGINE_IDS } from "./support/cases.js";

const tmpdir = () => fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-fix-"));

/** Single-file fires cases with a golden fixed file (the fixture runner requires one for every fixable finding). */
const fixtureCases = (safety: "safe" | "unsafe") =>
  allRules()
    .filter((r) => r.meta.fix?.safety === safety)
    .flatMap((r) => {
      const dir = path.resolve("fixtures/rules", r.meta.id);
      return fs
        .readdirSync(dir)
        .filter(
          (n) =>
            n.startsWith("fires") &&
            !n.includes(".fixed.") &&
            fs.existsSync(path.join(dir, n.replace(/(\.[^.]+)$/, ".fixed$1"))) &&
            !fs.existsSync(path.join(dir, n.replace(/\.[^.]+$/, ".json"))),
        )
        .map((n) => [r.meta.id, path.join(dir, n)] as const);
    });
// --fix applies safe fixes only (the goldens show unsafe ones too, as Ruff's --unsafe-fixes snapshots do).
const cases = fixtureCases("safe");
const unsafeCases = fixtureCases("unsafe");

test("there are fixable fixtures to fix", () => {
  expect(cases.length).toBeGreaterThan(10);
  expect(unsafeCases.length).toBeGreaterThan(0);
});

describe.each(unsafeCases)("%s: --fix on %s", (id, fixture) => {
  test("leaves a file whose only fixes are unsafe unchanged", () => {
    const dir = tmpdir();
    const file = path.join(dir, path.basename(fixture));
    const before = fs.readFileSync(fixture);
    fs.writeFileSync(file, before);
    const opts = { cwd: dir, only: [id, ...ENGINE_IDS], dialect: lintFiles([fixture], {}).results[0]?.dialect ?? undefined };
    expect(
      lintFiles([file], opts)
        .results.flatMap((r) => r.messages)
        .filter((m) => m.ruleId === id && m.fix?.safety === "unsafe").length,
    ).toBeGreaterThan(0);
    const outcome = fixFiles([file], opts, new Map([[file, { bytes: fs.readFileSync(file) }]]));
    expect(outcome.changed.size).toBe(0);
    expect(fs.readFileSync(file)).toEqual(before);
  });
});

describe.each(cases)("%s: --fix on %s", (id, fixture) => {
  test("re-parses, drops the finding, and changes nothing outside the edits", () => {
    const dir = tmpdir();
    const file = path.join(dir, path.basename(fixture));
    const before = fs.readFileSync(fixture, "utf8");
    fs.writeFileSync(file, before);
    const opts = { cwd: dir, only: [id, ...ENGINE_IDS], dialect: lintFiles([fixture], {}).results[0]?.dialect ?? undefined };
    const first = lintFiles([file], opts)
      .results.flatMap((r) => r.messages)
      .filter((m) => m.ruleId === id && m.fix);
    expect(first.length).toBeGreaterThan(0);
    const outcome = fixFiles([file], opts, new Map([[file, { bytes: fs.readFileSync(file) }]]), { unsafe: true });
    for (const [f, { bytes }] of outcome.changed) replaceFile(f, bytes);
    const after = fs.readFileSync(file, "utf8");
    expect(after).not.toBe(before);
    const again = lintFiles([file], opts).results.flatMap((r) => r.messages);
    expect(again.filter((m) => m.ruleId === "syntax").length).toBeLessThanOrEqual(
      lintFiles([fixture], { ...opts, cwd: path.dirname(fixture) })
        .results.flatMap((r) => r.messages)
        .filter((m) => m.ruleId === "syntax").length,
    );
    expect(again.filter((m) => m.ruleId === id && m.fix)).toEqual([]);
    // Bytes before the first edit and after the last are untouched.
    const edits = first.flatMap((m) => m.fix!.edits).filter((e) => e.file === file);
    const lo = Math.min(...edits.map((e) => e.start));
    const hi = Math.max(...edits.map((e) => e.end));
    expect(after.slice(0, lo)).toBe(before.slice(0, lo));
    expect(after.slice(after.length - (before.length - hi))).toBe(before.slice(hi));
    // The result is exactly the golden.
    expect(after).toBe(fs.readFileSync(fixture.replace(/(\.[^.]+)$/, ".fixed$1"), "utf8"));
  });
});

describe("atomic writes", () => {
  test("a failed rename leaves the original whole and no temporary file", () => {
    const dir = tmpdir();
    const file = path.join(dir, "httpd.conf");
    fs.writeFileSync(file, "PythonDebug On\n");
    const rename = fs.renameSync;
    fs.renameSync = () => {
      throw Object.assign(new Error("EIO: simulated crash"), { code: "EIO" });
    };
    try {
      expect(() => replaceFile(file, Buffer.from("PythonDebug Off\n"))).toThrow(/simulated crash/);
    } finally {
      fs.renameSync = rename;
    }
    expect(fs.readFileSync(file, "utf8")).toBe("PythonDebug On\n");
    expect(fs.readdirSync(dir)).toEqual(["httpd.conf"]);
  });

  test("--fix keeps the file's mode", () => {
    const dir = tmpdir();
    const file = path.join(dir, "site.conf");
    fs.writeFileSync(file, "PythonDebug On\n");
    fs.chmodSync(file, 0o640);
    const r = cli(["--fix", file]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(file, "utf8")).toBe("PythonDebug Off\n");
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(r.stderr).toContain("fixed 1 problem in 1 file");
    expect(fs.readdirSync(dir)).toEqual(["site.conf"]);
  });
});

describe("--fix from the command line", () => {
  test("fixes what it can, reports what remains, and exits on it", () => {
    const dir = tmpdir();
    const file = path.join(dir, "site.conf");
    fs.writeFileSync(file, "<Location /app>\n  SetHandler python-program\n  PythonDebug On\n</Location>\nWSGIScriptAlias /a/ /srv/a/django.wsgi\n");
    const r = cli(["--fix", "--unsafe-fixes", "-f", "json", file]);
    const left = (JSON.parse(r.stdout)[0].messages as { ruleId: string }[]).map((m) => m.ruleId);
    expect(left).not.toContain("apache/python-debug-on");
    expect(left).not.toContain("apache/wsgi-script-alias-trailing-slash");
    expect(fs.readFileSync(file, "utf8")).toContain("PythonDebug Off\n");
    expect(fs.readFileSync(file, "utf8")).toContain("WSGIScriptAlias /a /srv/a/django.wsgi\n");
  });

  describe("safe and unsafe fixes, as in Ruff", () => {
    // PythonDebug Off is safe; moving the WSGIScriptAlias mount and KeepAlive Off are unsafe.
    const TEXT = "KeepAlive On\nWSGIScriptAlias /a/ /srv/a/django.wsgi\nPythonDebug On\n";
    const setup = () => {
      const file = path.join(tmpdir(), "site.conf");
      fs.writeFileSync(file, TEXT);
      return file;
    };
    // The script path is not on this machine, which django/settings-not-found (info) says: not what these tests are about.
    const ids = (stdout: string) =>
      (JSON.parse(stdout)[0].messages as { ruleId: string }[])
        .map((m) => m.ruleId)
        .filter((id) => id !== "django/settings-not-found")
        .sort();

    test("--fix applies the safe ones only, and says how many unsafe ones it left", () => {
      const file = setup();
      const r = cli(["--fix", "-f", "json", file]);
      expect(fs.readFileSync(file, "utf8")).toBe("KeepAlive On\nWSGIScriptAlias /a/ /srv/a/django.wsgi\nPythonDebug Off\n");
      expect(ids(r.stdout)).toEqual(["apache/keepalive-on", "apache/wsgi-script-alias-trailing-slash"]);
      expect(r.stderr).toContain("2 unsafe fixes not applied");
      expect(r.stderr).toContain("--unsafe-fixes");
      expect(r.code).toBe(1);
    });

    test("--unsafe-fixes applies both kinds", () => {
      const file = setup();
      const r = cli(["--fix", "--unsafe-fixes", "-f", "json", file]);
      expect(fs.readFileSync(file, "utf8")).toBe("KeepAlive Off\nWSGIScriptAlias /a /srv/a/django.wsgi\nPythonDebug Off\n");
      expect(ids(r.stdout)).toEqual([]);
      expect(r.stderr).not.toContain("unsafe fix");
      expect(r.code).toBe(0);
    });

    test("--fix-rule (repeatable) limits the fixes to those rules; --fix-dry-run honours both flags", () => {
      const file = setup();
      const dry = cli(["--fix-dry-run", "--unsafe-fixes", "--fix-rule", "apache/keepalive-on", file]);
      expect(dry.stdout).toMatch(/^-KeepAlive On$/m);
      expect(dry.stdout).toMatch(/^\+KeepAlive Off$/m);
      expect(dry.stdout).not.toMatch(/PythonDebug Off|WSGIScriptAlias \/a /);
      expect(fs.readFileSync(file, "utf8")).toBe(TEXT);
      const safeOnly = cli(["--fix-dry-run", "--fix-rule", "apache/keepalive-on", "--fix-rule", "apache/python-debug-on", file]);
      expect(safeOnly.stdout).toMatch(/^\+PythonDebug Off$/m);
      expect(safeOnly.stdout).not.toMatch(/^\+KeepAlive Off$/m);
      expect(safeOnly.stderr).toContain("1 unsafe fix not applied");
      cli(["--fix", "--unsafe-fixes", "--fix-rule", "apache/wsgi-script-alias-trailing-slash", file]);
      expect(fs.readFileSync(file, "utf8")).toBe("KeepAlive On\nWSGIScriptAlias /a /srv/a/django.wsgi\nPythonDebug On\n");
    });

    test.each([
      [["--unsafe-fixes"], /--unsafe-fixes goes with --fix/],
      [["--fix-rule", "apache/keepalive-on"], /--fix-rule goes with --fix/],
      [["--fix", "--fix-rule", "apache/keepalive"], /unknown rule id 'apache\/keepalive'/],
      [["--fix", "--fix-rule", "apache/modpython-threaded-mpm"], /offers no fix/],
    ])("usage error: %j", (args, message) => {
      const r = cli([...(args as string[]), setup()]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message as RegExp);
    });
  });

  test("--fix-dry-run prints a diff and writes nothing", () => {
    const dir = tmpdir();
    const file = path.join(dir, "site.conf");
    const text = "KeepAlive On\nPythonDebug On\n";
    fs.writeFileSync(file, text);
    const r = cli(["--fix-dry-run", file], { cwd: dir });
    expect(r.stdout).toMatch(/^-PythonDebug On$/m);
    expect(r.stdout).toMatch(/^\+PythonDebug Off$/m);
    expect(fs.readFileSync(file, "utf8")).toBe(text);
    // As in ESLint, the report and the exit code are those of the fixed text.
    expect(r.code).toBe(0);
  });

  test("--stdin lints standard input under --stdin-filename; with --fix it prints the fixed text", () => {
    const input = "PythonDebug On\n";
    const r = cli(["--stdin", "--stdin-filename", "conf/site.conf", "-f", "json"], { input });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out[0].filePath).toBe(path.resolve("conf/site.conf"));
    expect(out[0].messages[0].ruleId).toBe("apache/python-debug-on");
    const f = cli(["--stdin", "--fix", "--stdin-filename", "site.conf"], { input });
    expect(f.stdout).toBe("PythonDebug Off\n");
    expect(f.code).toBe(0);
    expect(fs.existsSync(path.resolve("site.conf"))).toBe(false);
  });
});

test("--explain prints a rule's page; an unknown id is a usage error", () => {
  const r = cli(["--explain", "apache/python-debug-on"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^# apache\/python-debug-on\n/);
  expect(r.stdout).toContain("## Source");
  const bad = cli(["--explain", "apache/python-debugon"]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("did you mean 'apache/python-debug-on'");
});

test("--fix leaves an unsafe fix (nginx/host-from-http-host: $host drops the port) to the user, and says it is not automatic", () => {
  const dir = tmpdir();
  const file = path.join(dir, "site.conf");
  const text =
    "server {\n    listen 8443 ssl;\n    location / {\n        proxy_set_header X-Forwarded-Proto $scheme;\n        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n        proxy_set_header Host $http_host;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n";
  fs.writeFileSync(file, text);
  const r = cli(["--fix", file]);
  expect(fs.readFileSync(file, "utf8")).toBe(text);
  expect(r.stdout).toContain("nginx/host-from-http-host");
  expect(r.stdout).not.toContain("can be fixed automatically");
});
