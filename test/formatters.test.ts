/** Output formats, on real runs: SARIF against the official schema, the others for shape, escaping and stability. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { rulePage } from "../src/docs/pages.js";
import { cvssBaseScore } from "../src/formatters/cvss.js";
import { lintFiles } from "../src/engine/run.js";
import { FORMATTERS } from "../src/formatters/index.js";
import { cli } from "./support/cli.js";
import { sarifValidator } from "./support/sarif.js";

const DEMO = path.resolve("fixtures/demo");
const demoRun = () =>
  lintFiles([path.join(DEMO, "etc/apache2/apache2.conf")], {
    map: [
      { from: "/etc/apache2", to: path.join(DEMO, "etc/apache2") },
      { from: "/srv", to: path.join(DEMO, "srv") },
    ],
  });
const ctx = { cwd: process.cwd(), colorLevel: 0 as const, docsUrl: (id: string) => `https://example.invalid/docs/${id}.md`, version: "9.9.9" };

function tmpConf(text: string): string {
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-fmt-")), "httpd.conf");
  fs.writeFileSync(p, text);
  return p;
}

describe("sarif", () => {
  const check = sarifValidator();
  const validate = Object.assign((log: unknown) => (validate.errors = check(log)).length === 0, { errors: [] as unknown[] });

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
    expect(r0.tool.driver.rules.find((r: { id: string }) => r.id === "apache/keepalive-on").helpUri).toBe(
      "https://example.invalid/docs/apache/keepalive-on.md",
    );
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

describe("sarif for GitHub code scanning", () => {
  const problems = sarifValidator();
  type Rule = {
    id: string;
    help?: { text: string; markdown: string };
    fullDescription?: { text: string };
    properties?: { tags?: string[]; "security-severity"?: string };
  };
  type Result = {
    ruleId: string;
    partialFingerprints?: Record<string, string>;
    locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
  };
  const withPages = { ...ctx, docsPage: rulePage };

  test("every rule carries its page as help, a full description and tags; security rules a security-severity", () => {
    const log = JSON.parse(FORMATTERS.sarif(demoRun(), withPages));
    expect(problems(log)).toEqual([]);
    const rules = log.runs[0].tool.driver.rules as Rule[];
    for (const r of rules)
      expect([r.id, typeof r.help?.markdown, typeof r.help?.text, typeof r.fullDescription?.text]).toEqual([r.id, "string", "string", "string"]);
    const byId = (id: string) => rules.find((r) => r.id === id) as Rule;
    expect(byId("apache/python-debug-on").help?.markdown).toBe(fs.readFileSync("docs/rules/apache/python-debug-on.md", "utf8"));
    expect(byId("syntax").help?.markdown).toContain("# syntax");
    expect(byId("apache/python-debug-on").properties).toEqual({ tags: ["apache", "security", "external/cwe/cwe-209"], "security-severity": "5.3" });
    expect(byId("nginx/alias-traversal").properties).toEqual({ tags: ["nginx", "security", "external/cwe/cwe-22"], "security-severity": "7.5" });
    expect(byId("apache/keepalive-on").properties).toEqual({ tags: ["apache"] });
    // Every rule whose metadata says security is tagged so, with a severity code scanning can rank.
    for (const m of demoRun().rules.filter((x) => x.security)) expect(byId(m.id).properties?.["security-severity"]).toMatch(/^\d+\.\d$/);
  });

  test("names with spaces, %, # and non-ASCII: relative percent-encoded URIs under %SRCROOT%, absolute file URIs outside; valid", () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf sarif #1 % é-"));
    const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf out#side é-")), "a b%c#d é.conf");
    const inside = ["my site.conf", "100%.conf", "a#b.conf", "café ü.conf", "sub dir/x?y.conf", ":colon.conf"].map((n) => path.join(cwd, n));
    for (const f of [...inside, outside]) {
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, "<Location />\n    PythonDebug On\n</Location>\n");
    }
    const log = JSON.parse(FORMATTERS.sarif(lintFiles([...inside, outside], { cwd, dialect: "apache" }), { ...withPages, cwd }));
    expect(problems(log)).toEqual([]);
    const base = log.runs[0].originalUriBaseIds["%SRCROOT%"].uri as string;
    expect(fileURLToPath(base)).toBe(cwd + path.sep);
    const where = (log.runs[0].results as Result[]).map((r) => r.locations[0].physicalLocation.artifactLocation);
    const resolved = where.map((a) => fileURLToPath(a.uriBaseId ? new URL(a.uri, base) : new URL(a.uri)));
    expect(resolved.sort()).toEqual([...inside, outside].sort());
    for (const a of where) {
      expect(a.uri).toMatch(/^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]+$/);
      if (a.uriBaseId) expect([a.uri, a.uriBaseId, a.uri.startsWith("/") || /^[a-z][a-z0-9+.-]*:/i.test(a.uri)]).toEqual([a.uri, "%SRCROOT%", false]);
      else expect(a.uri).toBe(pathToFileURL(outside).href);
    }
  });

  test("fingerprints on every result, unchanged when lines move, also for messages that cite other lines (sarif and gitlab)", () => {
    const text =
      "LoadModule mpm_event_module modules/mod_mpm_event.so\nLoadModule python_module modules/mod_python.so\n<Location />\n    PythonDebug On\n</Location>\n";
    const file = tmpConf(text);
    const run = (t: string) => {
      fs.writeFileSync(file, t);
      const r = lintFiles([file], { cwd: path.dirname(file) });
      const sarifResults = JSON.parse(FORMATTERS.sarif(r, { ...ctx, cwd: path.dirname(file) })).runs[0].results as (Result & { message: { text: string } })[];
      const gitlab = JSON.parse(FORMATTERS.gitlab(r, { ...ctx, cwd: path.dirname(file) })) as { fingerprint: string }[];
      return {
        messages: sarifResults.map((x) => x.message.text),
        sarif: sarifResults.map((x) => x.partialFingerprints?.["djlintConf/v1"]),
        gitlab: gitlab.map((g) => g.fingerprint),
      };
    };
    const before = run(text);
    const after = run("# a new first line\n\n" + text);
    // The threaded-MPM finding names the MPM's line, which moved.
    expect(before.messages.some((m) => /on line 1 of/.test(m))).toBe(true);
    expect(after.messages.some((m) => /on line 3 of/.test(m))).toBe(true);
    expect(before.sarif.every((f) => typeof f === "string" && /^[0-9a-f]{64}$/.test(f))).toBe(true);
    expect(new Set(before.sarif).size).toBe(before.sarif.length);
    expect(after.sarif).toEqual(before.sarif);
    expect(after.gitlab).toEqual(before.gitlab);
  });
});

test("CVSS 3.1 base scores are FIRST's for well-known vectors", () => {
  // Scores as FIRST's calculator and NVD give them (e.g. CVE-2014-0160 is 7.5, CVE-2021-44228 is 10.0).
  const cases: [string, number][] = [
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 5.3],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1],
    ["CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8],
    ["CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0],
  ];
  for (const [v, score] of cases) expect([v, cvssBaseScore(v)]).toEqual([v, score]);
  expect(() => cvssBaseScore("AV:N/AC:L")).toThrow(/CVSS 3.1/);
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
  const out = JSON.parse(FORMATTERS.lsp(run, ctx)) as Record<
    string,
    { range: { start: { line: number; character: number } }; code: string; severity: number; source: string }[]
  >;
  const legacy = Object.entries(out).find(([uri]) => uri.endsWith("/sites-enabled/legacy.conf"))!;
  expect(legacy[0]).toMatch(/^file:\/\//);
  const debug = legacy[1].find((d) => d.code === "apache/python-debug-on")!;
  expect(debug).toEqual(
    expect.objectContaining({ range: expect.objectContaining({ start: { line: 10, character: 20 } }), severity: 1, source: "djlint-conf" }),
  );
});

test("--output-file writes the report there and nothing to stdout", () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-out-")), "reports", "djlint.sarif");
  const r = cli(["-f", "sarif", "-o", out, "fixtures/rules/apache/python-debug-on/fires-location.conf"]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(JSON.parse(fs.readFileSync(out, "utf8")).version).toBe("2.1.0");
});

describe("the other side of a finding (related)", () => {
  // A repository whose nginx site does not set the header its settings trust: the finding is in the nginx file, its other side the settings line.
  const repo = path.resolve("fixtures/rules/django/proxy-ssl-header-not-set/fires-nginx-repository");
  const run = () => lintFiles([path.join(repo, "deploy/nginx/shop.conf")], { cwd: repo, only: ["django/proxy-ssl-header-not-set"] });
  const settings = path.join(repo, "shop/settings.py");

  test("sarif: relatedLocations with the settings line, valid against the schema", () => {
    const log = JSON.parse(FORMATTERS.sarif(run(), { ...ctx, cwd: repo }));
    expect(sarifValidator()(log)).toEqual([]);
    const [result] = log.runs[0].results;
    expect(result.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: "shop/settings.py", uriBaseId: "%SRCROOT%" },
          region: expect.objectContaining({ startLine: 3, startColumn: 1 }),
        },
        message: { text: "SECURE_PROXY_SSL_HEADER is set here" },
      },
    ]);
  });

  test("json: djlintRelated beside ESLint's fields", () => {
    const [file] = JSON.parse(FORMATTERS.json(run(), { ...ctx, cwd: repo }));
    expect(file.messages[0].djlintRelated).toEqual([
      expect.objectContaining({ filePath: settings, line: 3, column: 1, message: "SECURE_PROXY_SSL_HEADER is set here" }),
    ]);
  });

  test("stylish: one indented related line under the finding", () => {
    const lines = FORMATTERS.stylish(run(), { ...ctx, cwd: repo }).split("\n");
    const i = lines.findIndex((l) => l.includes("django/proxy-ssl-header-not-set"));
    expect(lines[i + 1]).toMatch(/^ {6,}related: shop\/settings\.py:3:1 {2}SECURE_PROXY_SSL_HEADER is set here$/);
  });

  test("lsp: relatedInformation with the settings file's URI, 0-based", () => {
    const out = JSON.parse(FORMATTERS.lsp(run(), { ...ctx, cwd: repo })) as Record<string, { relatedInformation?: unknown[] }[]>;
    const [d] = Object.values(out).flat();
    expect(d.relatedInformation).toEqual([
      {
        location: { uri: pathToFileURL(settings).href, range: expect.objectContaining({ start: { line: 2, character: 0 } }) },
        message: "SECURE_PROXY_SSL_HEADER is set here",
      },
    ]);
  });
});
