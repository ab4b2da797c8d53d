/** Output formats, on real runs: SARIF against the official schema, the others for shape, escaping and stability. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AjvModule from "ajv-draft-04";
import formatsModule from "ajv-formats";
import { lintFiles } from "../src/engine/run.js";
import { FORMATTERS } from "../src/formatters/index.js";
import { cli } from "./support/cli.js";

const DEMO = path.resolve("fixtures/demo");
const demoRun = () =>
  lintFiles([path.join(DEMO, "etc/apache2/apache2.conf")], {
    map: [{ from: "/etc/apache2", to: path.join(DEMO, "etc/apache2") }, { from: "/srv", to: path.join(DEMO, "srv") }],
  });
const ctx = { cwd: process.cwd(), colorLevel: 0 as const, docsUrl: (id: string) => `https://example.invalid/docs/${id}.md`, version: "9.9.9" };

function tmpConf(text: string): string {
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-fmt-")), "httpd.conf");
  fs.writeFileSync(p, text);
  return p;
}

describe("sarif", () => {
  const schema = JSON.parse(fs.readFileSync(path.resolve("../shared/schemas/sarif-schema-2.1.0.json"), "utf8"));
  // ajv-draft-04 is CommonJS: its class is the module's `default` under NodeNext typing.
  type AjvClass = typeof AjvModule.default;
  const Ajv: AjvClass = (AjvModule as unknown as { default?: AjvClass }).default ?? (AjvModule as unknown as AjvClass);
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The schema's "uri" and "date-time" formats are checked, not ignored.
  const addFormats = (formatsModule as unknown as { default?: (a: unknown) => void }).default ?? (formatsModule as unknown as (a: unknown) => void);
  addFormats(ajv);
  const validate = ajv.compile(schema);

  test("validates against the official SARIF 2.1.0 schema, with rules, locations and fixes", () => {
    const run = demoRun();
    const log = JSON.parse(FORMATTERS.sarif(run, ctx));
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    const r0 = log.runs[0];
    const ids = r0.tool.driver.rules.map((r: { id: string }) => r.id);
    for (const m of run.rules) expect(ids).toContain(m.id);
    expect(ids).toContain("syntax");
    const debug = r0.results.find((r: { ruleId: string }) => r.ruleId === "apache/python-debug-on");
    expect(r0.tool.driver.rules[debug.ruleIndex].id).toBe("apache/python-debug-on");
    expect(debug.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "fixtures/demo/etc/apache2/sites-enabled/legacy.conf", uriBaseId: "%SRCROOT%" },
      region: expect.objectContaining({ startLine: 11, startColumn: 21, endLine: 11, endColumn: 23 }),
    });
    expect(debug.fixes[0].artifactChanges[0].replacements[0].insertedContent.text).toBe("Off");
    expect(r0.tool.driver.rules.find((r: { id: string }) => r.id === "apache/keepalive-on").helpUri).toBe("https://example.invalid/docs/apache/keepalive-on.md");
    const levels = new Set(r0.results.map((r: { level: string }) => r.level));
    expect([...levels].every((l) => ["error", "warning", "note"].includes(l as string))).toBe(true);
    expect(levels.has("note")).toBe(true);
  });

  test("a run with a syntax error and no findings at all also validates", () => {
    for (const text of ["<Location /\n", "ServerName a\n"]) {
      const log = JSON.parse(FORMATTERS.sarif(lintFiles([tmpConf(text)], {}), ctx));
      expect(validate(log) ? [] : validate.errors).toEqual([]);
    }
  });
});

test("github prints one escaped workflow command per finding", () => {
  const out = FORMATTERS.github(demoRun(), ctx).split("\n");
  expect(out.length).toBe(demoRun().results.flatMap((r) => r.messages).length);
  for (const l of out) expect(l).toMatch(/^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:,]+::\S/);
  expect(out).toContainEqual(expect.stringMatching(/^::notice .*title=apache\/modpython-removed::/));
  const run = lintFiles([tmpConf("<Location /x\nPythonDebug On\n")], {});
  run.results[0].messages[0].message = "50% done,\nnext: line";
  expect(FORMATTERS.github(run, ctx)).toContain("::50%25 done,%0Anext: line");
});

test("checkstyle and junit escape XML and count findings", () => {
  const run = demoRun();
  const total = run.results.flatMap((r) => r.messages).length;
  const cs = FORMATTERS.checkstyle(run, ctx);
  expect(cs).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<checkstyle version="4.3">/);
  expect((cs.match(/<error /g) ?? []).length).toBe(total);
  expect(cs).toContain("&lt;Location &quot;/&quot;&gt;");
  expect(cs).not.toMatch(/message="[^"]*<[^"]*"/);
  const ju = FORMATTERS.junit(run, ctx);
  expect(ju).toContain(`failures="${total}"`);
  expect((ju.match(/<failure /g) ?? []).length).toBe(total);
  expect((ju.match(/<testsuite /g) ?? []).length).toBe(run.results.length);
});

test("gitlab fingerprints are unique, and stable when lines move", () => {
  const text = "<VirtualHost *:80>\n  PythonDebug On\n  WSGIScriptAlias /a/ /srv/a/django.wsgi\n</VirtualHost>\n";
  const file = tmpConf(text);
  const issues = (t: string) => {
    fs.writeFileSync(file, t);
    return JSON.parse(FORMATTERS.gitlab(lintFiles([file], {}), ctx)) as { fingerprint: string; check_name: string; location: { lines: { begin: number } } }[];
  };
  const before = issues(text);
  const after = issues("# a new first line\n" + text);
  expect(new Set(before.map((i) => i.fingerprint)).size).toBe(before.length);
  expect(after.map((i) => i.fingerprint)).toEqual(before.map((i) => i.fingerprint));
  expect(after.map((i) => i.location.lines.begin)).toEqual(before.map((i) => i.location.lines.begin + 1));
});

test("lsp groups 0-based diagnostics by file URI", () => {
  const run = demoRun();
  const out = JSON.parse(FORMATTERS.lsp(run, ctx)) as Record<string, { range: { start: { line: number; character: number } }; code: string; severity: number; source: string }[]>;
  const legacy = Object.entries(out).find(([uri]) => uri.endsWith("/sites-enabled/legacy.conf"))!;
  expect(legacy[0]).toMatch(/^file:\/\//);
  const debug = legacy[1].find((d) => d.code === "apache/python-debug-on")!;
  expect(debug).toEqual(expect.objectContaining({ range: expect.objectContaining({ start: { line: 10, character: 20 } }), severity: 1, source: "djlint-conf" }));
});

test("--output-file writes the report there and nothing to stdout", () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-out-")), "reports", "djlint.sarif");
  const r = cli(["-f", "sarif", "-o", out, "fixtures/rules/apache/python-debug-on/fires-location.conf"]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(JSON.parse(fs.readFileSync(out, "utf8")).version).toBe("2.1.0");
});
