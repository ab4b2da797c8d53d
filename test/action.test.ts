/**
 * The GitHub Action (action.yml): its lint step's script, taken from the
 * file and run as a runner runs a composite `bash` step (`bash --noprofile
 * --norc -eo pipefail`, inputs substituted into the step's `env`, outputs
 * appended to $GITHUB_OUTPUT), with the built command on PATH. The install
 * step (npm ci, pack, install -g: what test/package.test.ts does) and the
 * upload to code scanning (github/codeql-action/upload-sarif, which needs
 * GitHub) are not run here; their wiring is checked.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { sarifValidator } from "./support/sarif.js";

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  if?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean; description: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(fs.readFileSync("action.yml", "utf8")) as Action;
const steps = action.runs.steps;
const lint = steps.find((s) => s.id === "lint") as Step;

/** `${{ inputs.x }}` as GitHub evaluates it in the step's env; any other expression is a test failure. */
function stepEnv(step: Step, inputs: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? ""]));
  Object.assign(values, inputs);
  return Object.fromEntries(
    Object.entries(step.env ?? {}).map(([k, v]) => [
      k,
      v.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => {
        if (!(name in values)) throw new Error(`unknown input ${name}`);
        return values[name];
      }),
    ]),
  );
}

const binDir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-action-bin-"));
fs.symlinkSync(path.resolve("dist/cli.js"), path.join(binDir, "djlint-conf"));

/** A workspace with one config that has an error and one that has a warning only. */
function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-action-ws-"));
  fs.mkdirSync(path.join(dir, "deploy/apache"), { recursive: true });
  fs.writeFileSync(path.join(dir, "deploy/apache/site.conf"), "<Location />\n    PythonDebug On\n</Location>\n");
  fs.writeFileSync(path.join(dir, "deploy/my vhost.conf"), "LoadModule wsgi_module modules/mod_wsgi.so\nKeepAlive On\n");
  return dir;
}

function runLint(inputs: Record<string, string>, cwd = workspace()) {
  const script = path.join(cwd, "..", `${path.basename(cwd)}-lint.sh`);
  fs.writeFileSync(script, lint.run as string);
  const output = path.join(cwd, "..", `${path.basename(cwd)}-output`);
  fs.writeFileSync(output, "");
  const env = {
    PATH: [binDir, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
    HOME: process.env.HOME ?? os.tmpdir(),
    GITHUB_OUTPUT: output,
    GITHUB_WORKSPACE: cwd,
    NO_COLOR: "1",
    ...stepEnv(lint, inputs),
  };
  const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], { cwd, env, encoding: "utf8" });
  const outputs = Object.fromEntries(
    fs
      .readFileSync(output, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs, cwd };
}

test("the Action is composite: set up Node, install, lint, upload SARIF when asked", () => {
  expect(action.runs.using).toBe("composite");
  expect(steps.map((s) => s.uses ?? s.id ?? s.name)).toEqual(["actions/setup-node@v4", "Install djlint-conf", "lint", "github/codeql-action/upload-sarif@v3"]);
  for (const s of steps.filter((x) => x.run)) expect(s.shell).toBe("bash");
  const upload = steps[3];
  expect(upload.if).toMatch(/inputs\.sarif == 'true'/);
  expect(upload.if).toMatch(/!cancelled\(\)/);
  expect(upload.with).toEqual({ sarif_file: "${{ inputs.sarif-file }}", category: "${{ inputs.category }}" });
  // The install step installs the packed tarball, as a user would, and puts its bin on PATH.
  expect(steps[1].run).toMatch(/npm pack --ignore-scripts/);
  expect(steps[1].run).toMatch(/npm install -g .*--prefix/);
  expect(steps[1].run).toMatch(/GITHUB_PATH/);
  expect(action.outputs["exit-code"].value).toBe("${{ steps.lint.outputs.exit-code }}");
});

test("inputs reach the scripts through env only, never spliced into them", () => {
  for (const s of steps.filter((x) => x.run)) expect(s.run).not.toMatch(/\$\{\{/);
});

test("errors fail the step, with annotations and a valid SARIF report of every file given (one path per line)", () => {
  const r = runLint({ paths: "deploy/apache\n\n   deploy/my vhost.conf  \n", sarif: "true" });
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^::error file=deploy\/apache\/site\.conf,line=2,.*title=apache\/python-debug-on::/m);
  expect(r.stdout).toMatch(/^::warning file=deploy\/my vhost\.conf,line=2,.*title=apache\/keepalive-on::/m);
  expect(r.outputs).toEqual({ "sarif-file": "djlint-conf.sarif", "exit-code": "1" });
  const log = JSON.parse(fs.readFileSync(path.join(r.cwd, "djlint-conf.sarif"), "utf8"));
  expect(sarifValidator()(log)).toEqual([]);
  const uris = (log.runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }[]).map(
    (x) => [x.ruleId, x.locations[0].physicalLocation.artifactLocation],
  );
  expect(uris).toEqual([
    ["apache/python-debug-on", { uri: "deploy/apache/site.conf", uriBaseId: "%SRCROOT%" }],
    ["apache/keepalive-on", { uri: "deploy/my%20vhost.conf", uriBaseId: "%SRCROOT%" }],
  ]);
});

test("warnings fail only beyond max-warnings", () => {
  const only = { paths: "deploy/my vhost.conf" };
  const lenient = runLint(only);
  expect([lenient.code, lenient.outputs]).toEqual([0, { "exit-code": "0" }]);
  expect(fs.existsSync(path.join(lenient.cwd, "djlint-conf.sarif"))).toBe(false);
  expect(runLint({ ...only, "max-warnings": "1" }).code).toBe(0);
  const strict = runLint({ ...only, "max-warnings": "0" });
  expect([strict.code, strict.outputs]).toEqual([1, { "exit-code": "1" }]);
  expect(strict.stderr).toContain("too many warnings (maximum: 0)");
});

test("args pass options through, split on whitespace", () => {
  const r = runLint({ paths: "deploy/apache", args: "  --rule apache/python-debug-on=off\n--no-config " });
  expect([r.code, r.stdout]).toEqual([0, ""]);
});

test("a usage error fails with exit code 2 and uploads nothing", () => {
  const r = runLint({ paths: "no/such/dir", sarif: "true" });
  expect(r.code).toBe(2);
  expect(r.outputs).toEqual({ "exit-code": "2" });
  expect(r.stderr).toMatch(/no\/such\/dir/);
});
