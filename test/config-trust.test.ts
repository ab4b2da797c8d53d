/**
 * Configuration discovery never runs code it should not (README, "Configuration
 * file"): it stops at the project root, runs a JavaScript configuration only
 * from files and directories that no one but the user or root can write, runs
 * nothing from the working directory's cosmiconfig "meta" configuration, and
 * reads JSON and YAML as data. Every planted configuration here would write a
 * marker file if it ran; the tests assert the marker is absent.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cli } from "./support/cli.js";

const DEBUG = "PythonDebug On\n";
const asRoot = process.geteuid?.() === 0;

function tree(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-trust-")));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    if (name.endsWith("/")) fs.mkdirSync(path.join(dir, name), { recursive: true });
    else fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
/** A JavaScript configuration that leaves `marker` behind when it runs, and turns python-debug-on off. */
const planted = (marker: string) =>
  `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "ran");\nmodule.exports = { rules: { "apache/python-debug-on": "off" } };\n`;
/** The python-debug-on findings of a run, as "severity" strings. */
function debugFindings(cwd: string, args: string[]) {
  const r = cli(["-f", "json", ...args], { cwd });
  const found = r.stdout
    ? (JSON.parse(r.stdout) as { messages: { ruleId: string; djlintSeverity: string }[] }[]).flatMap((f) =>
        f.messages.filter((m) => m.ruleId === "apache/python-debug-on").map((m) => m.djlintSeverity),
      )
    : [];
  return { ...r, found };
}

describe("discovery stops at the project root", () => {
  test.each([
    ["a .git directory", { "proj/.git/": "" }],
    ["a .git file (worktree)", { "proj/.git": "gitdir: /elsewhere\n" }],
    ["a package.json without a djlint-conf key", { "proj/package.json": '{ "name": "site" }' }],
  ])("a JavaScript configuration above %s is not run", (_what, marks) => {
    const dir = tree({ ...marks, "proj/conf/site.conf": DEBUG });
    const marker = path.join(dir, "ran");
    fs.writeFileSync(path.join(dir, "djlint-conf.config.cjs"), planted(marker));
    const r = debugFindings(path.join(dir, "proj"), ["conf/site.conf"]);
    expect(fs.existsSync(marker)).toBe(false);
    expect(r.found).toEqual(["error"]);
    expect([r.code, r.stderr]).toEqual([1, ""]);
  });

  test("nor is a djlint-conf key in a package.json above it", () => {
    const dir = tree({
      "package.json": JSON.stringify({ name: "outer", "djlint-conf": { rules: { "apache/python-debug-on": "off" } } }),
      "proj/.git/": "",
      "proj/conf/site.conf": DEBUG,
    });
    expect(debugFindings(path.join(dir, "proj"), ["conf/site.conf"]).found).toEqual(["error"]);
  });

  test("root: true is a valid key, and a configuration in the project root still applies", () => {
    const dir = tree({
      "proj/.djlint-conf.json": JSON.stringify({ root: true, rules: { "apache/python-debug-on": "warning" } }),
      "proj/conf/site.conf": DEBUG,
      "safe/.git/": "",
      "safe/djlint-conf.config.cjs": 'module.exports = { rules: { "apache/python-debug-on": "info" } };\n',
      "safe/conf/site.conf": DEBUG,
    });
    fs.writeFileSync(path.join(dir, "djlint-conf.config.cjs"), planted(path.join(dir, "ran")));
    const r = debugFindings(dir, ["proj/conf/site.conf", "safe/conf/site.conf"]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.found.sort()).toEqual(["info", "warning"]);
    expect(fs.existsSync(path.join(dir, "ran"))).toBe(false);
    const bad = tree({ ".djlint-conf.json": JSON.stringify({ root: "yes" }), "site.conf": DEBUG });
    expect(cli(["site.conf"], { cwd: bad }).stderr).toMatch(/"root" must be true or false/);
  });
});

describe("a JavaScript configuration others could write is not run", () => {
  const cases: [string, (dir: string) => string][] = [
    [
      "in a world-writable directory",
      (dir) => {
        fs.chmodSync(path.join(dir, "shared"), 0o777);
        return "the directory .*shared is writable by group and others \\(mode 0777\\)";
      },
    ],
    [
      "writable by its group",
      (dir) => {
        fs.chmodSync(path.join(dir, "shared/djlint-conf.config.cjs"), 0o664);
        return "it is writable by group \\(mode 0664\\)";
      },
    ],
    [
      "below a group-writable directory",
      (dir) => {
        fs.chmodSync(dir, 0o770);
        return `the directory ${dir} is writable by group \\(mode 0770\\)`;
      },
    ],
    [
      "reached through a link to a world-writable directory",
      (dir) => {
        const open = path.join(dir, "open");
        fs.mkdirSync(open, { mode: 0o777 });
        fs.chmodSync(open, 0o777);
        fs.renameSync(path.join(dir, "shared/djlint-conf.config.cjs"), path.join(open, "c.cjs"));
        fs.symlinkSync(path.join(open, "c.cjs"), path.join(dir, "shared/djlint-conf.config.cjs"));
        return "the directory .*/open is writable by group and others \\(mode 0777\\)";
      },
    ],
  ];
  if (asRoot) {
    cases.push(
      [
        "owned by another user",
        (dir) => {
          fs.chownSync(path.join(dir, "shared/djlint-conf.config.cjs"), 65534, 65534);
          return "it is owned by uid 65534, not by root";
        },
      ],
      [
        "in a directory owned by another user",
        (dir) => {
          fs.chownSync(path.join(dir, "shared"), 65534, 65534);
          return "the directory .*shared is owned by uid 65534, not by root";
        },
      ],
    );
  }

  test.each(cases)("%s: skipped with a warning naming it and why", (_what, arrange) => {
    const dir = tree({ "shared/proj/conf/site.conf": DEBUG });
    const marker = path.join(dir, "ran");
    const config = path.join(dir, "shared/djlint-conf.config.cjs");
    fs.writeFileSync(config, planted(marker));
    const why = arrange(dir);
    const r = debugFindings(dir, ["shared/proj/conf/site.conf"]);
    expect(fs.existsSync(marker)).toBe(false);
    expect(r.found).toEqual(["error"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^djlint-conf: warning: not loading ${config}: ${why}; a JavaScript configuration runs code`));
    // Named with --config it is a usage error.
    const named = cli(["--config", config, "shared/proj/conf/site.conf"], { cwd: dir });
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(new RegExp(`refusing to load the configuration ${config}: ${why}`));
    expect(fs.existsSync(marker)).toBe(false);
  });

  test("the same file, made safe, is run", () => {
    const dir = tree({ "shared/proj/conf/site.conf": DEBUG });
    fs.writeFileSync(path.join(dir, "shared/djlint-conf.config.cjs"), planted(path.join(dir, "ran")));
    const r = debugFindings(dir, ["shared/proj/conf/site.conf"]);
    expect([r.found, r.code, r.stderr]).toEqual([[], 0, ""]);
    expect(fs.existsSync(path.join(dir, "ran"))).toBe(true);
  });
});

describe("nothing else runs code", () => {
  test("cosmiconfig's meta configuration in the working directory (.config/config.cjs) is not run", () => {
    const dir = tree({ "proj/.git/": "", "proj/conf/site.conf": DEBUG });
    const marker = path.join(dir, "ran");
    fs.mkdirSync(path.join(dir, "proj/.config"));
    fs.writeFileSync(path.join(dir, "proj/.config/config.cjs"), planted(marker));
    const r = debugFindings(path.join(dir, "proj"), ["conf/site.conf"]);
    expect(fs.existsSync(marker)).toBe(false);
    expect([r.found, r.code]).toEqual([["error"], 1]);
  });

  test("$import in a JSON configuration is not followed: it is an unknown key", () => {
    const dir = tree({ "proj/.git/": "", "proj/conf/site.conf": DEBUG });
    const marker = path.join(dir, "ran");
    fs.writeFileSync(path.join(dir, "evil.cjs"), planted(marker));
    fs.writeFileSync(path.join(dir, "proj/.djlint-conf.json"), JSON.stringify({ $import: path.join(dir, "evil.cjs") }));
    const r = cli(["conf/site.conf"], { cwd: path.join(dir, "proj") });
    expect(fs.existsSync(marker)).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"\$import" is not a configuration key/);
  });

  test("YAML tags that would build functions are errors, not code", () => {
    const dir = tree({ "proj/.git/": "", "proj/conf/site.conf": DEBUG, "proj/.djlint-confrc.yaml": 'rules: !!js/function "function () { return 1 }"\n' });
    const r = cli(["conf/site.conf"], { cwd: path.join(dir, "proj") });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read the configuration .*unknown tag/s);
  });
});
