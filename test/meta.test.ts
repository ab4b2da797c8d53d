/**
 * Consistency of the rule set: ids match paths and the catalog, seed citations
 * exist in the seeds, metadata reads well, fixes have goldens, and the
 * generated registry and docs are current.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ENGINE_IDS } from "../src/engine/engine-ids.js";
import { allRules } from "../src/engine/registry.js";
import { renderDocs } from "../scripts/gen-docs.js";
import { parseSpec, type CatalogEntry } from "../scripts/gen-rule-catalog.js";
import { indexSeed } from "../scripts/gen-seed-index.js";
import { lineFingerprint, seedCites } from "./support/seeds.js";

/** The project's catalog of ids (rules/catalog.json, from the specification design/rule-catalog.md). */
const catalog = (JSON.parse(fs.readFileSync("rules/catalog.json", "utf8")) as { rules: CatalogEntry[] }).rules;
const catalogIds = new Set(catalog.map((e) => e.id));
const rules = allRules();

/** Catalog rules that later work (nginx, lighttpd, the rest of Apache) will add. */
const implemented = new Set(rules.map((r) => r.meta.id));

test("the catalog lists ids", () => {
  expect(catalogIds.size).toBeGreaterThan(40);
});

test("engine ids are catalog ids", () => {
  for (const e of ENGINE_IDS) expect([e.id, catalogIds.has(e.id)]).toEqual([e.id, true]);
});

test("the catalog holds both parts of the specification, each id once", () => {
  expect(catalog.length).toBe(catalogIds.size);
  expect(new Set(catalog.map((e) => e.part))).toEqual(new Set([1, 2]));
});

test("the catalog generator reads the specification's tables: parts, sections, severity, fix and status", () => {
  const spec = [
    "## Engine-level diagnostics",
    "",
    "| id | sev | what |",
    "| --- | --- | --- |",
    "| `syntax` | error | The file does not parse. |",
    "",
    "## nginx",
    "",
    "| id | sev | fix | what |",
    "| --- | --- | --- | --- |",
    "| `nginx/a` | warning | yes: `$host` | A. |",
    "| `nginx/b` | info | | B. |",
    "",
    "# Part 2: today",
    "",
    "## Apache httpd today",
    "",
    "| id | sev | fix | what |",
    "| --- | --- | --- | --- |",
    "| `apache/c` | error | unsafe | C, not `yes`. |",
  ].join("\n");
  expect(parseSpec(spec, new Set(["syntax", "nginx/b"]))).toEqual([
    { id: "syntax", part: 1, group: "Engine-level diagnostics", severity: "error", fix: null, status: "implemented" },
    { id: "nginx/a", part: 1, group: "nginx", severity: "warning", fix: "safe", status: "planned" },
    { id: "nginx/b", part: 1, group: "nginx", severity: "info", fix: null, status: "implemented" },
    { id: "apache/c", part: 2, group: "Apache httpd today", severity: "error", fix: "unsafe", status: "planned" },
  ]);
  expect(() => parseSpec("| id | sev | what |\n| `x` | fatal | no |", new Set())).toThrow(/unknown severity/);
});

test("the seed index keeps headings, verified passages with their section, and line fingerprints", () => {
  const text = ["=====", "Title", "=====", "", "Intro text.", "", "Setup", "-----", "", "Do not call it", "'django.py'.", "", "    Alias /m/ /srv/m/", ""].join(
    "\n",
  );
  const problems: string[] = [];
  const cited = [
    { section: "Setup", where: "a" },
    { section: "do not call it 'django.py'", where: "b" },
    { section: "not in the text", where: "c" },
  ];
  const entry = indexSeed("001", "001_x.txt", text, cited, problems);
  expect(entry.headings).toEqual(["Title", "Setup"]);
  expect(entry.quotes).toEqual({ "do not call it 'django.py'": "Setup" });
  expect(problems).toEqual(['c: seed 001 does not contain "not in the text"']);
  expect(entry.lines.split(" ")).toContain(lineFingerprint("Alias /m/   /srv/m/"));
  expect(entry.lines.split(" ").length).toBe(text.split("\n").filter((l) => l.trim()).length);
});

test("an id is 'implemented' in the catalog exactly when a rule or the engine reports it", () => {
  const reported = new Set([...implemented, ...ENGINE_IDS.map((e) => e.id)]);
  const wrong = catalog.filter((e) => (e.status === "implemented") !== reported.has(e.id)).map((e) => `${e.id}: ${e.status}`);
  expect(wrong).toEqual([]);
});

describe.each(rules.map((r) => [r.meta.id, r] as const))("%s", (id, rule) => {
  test("id matches its file and the catalog, with the catalog's severity", () => {
    const file = path.join("rules", `${id}.ts`);
    expect(fs.existsSync(file)).toBe(true);
    if (rule.dialect === "any") expect(id).not.toContain("/");
    else expect(id.split("/")[0]).toBe(rule.dialect);
    const entry = catalog.find((e) => e.id === id);
    // The catalog promises a fix, and marks some unsafe; the review of each fix (issue 17) may find a promised
    // "safe" fix unsafe (it changes what a working site does), never an unsafe one safe.
    const reviewed = entry?.fix === "safe" && rule.meta.fix?.safety === "unsafe" ? "safe" : (rule.meta.fix?.safety ?? null);
    expect(entry && { id: entry.id, severity: entry.severity, fix: entry.fix }).toEqual({ id, severity: rule.meta.severity, fix: reviewed });
  });

  test("a fix says why it is safe or unsafe, in one line without a trailing period", () => {
    const fix = rule.meta.fix;
    if (!fix) return;
    expect(fix.why.length).toBeGreaterThan(30);
    expect(fix.why).not.toMatch(/\n|\.$/);
    expect(fs.readFileSync(path.join("docs/rules", `${id}.md`), "utf8")).toContain(`Fix safety: **${fix.safety}**`);
  });

  test("rule files read no files and print nothing", () => {
    const src = fs.readFileSync(path.join("rules", `${id}.ts`), "utf8");
    expect(src).not.toMatch(/from "(node:)?fs"|console\.|process\.(stdout|stderr)/);
  });

  test("cites seed sections that exist (or, for the directive catalog and Part 2, the servers' manuals)", () => {
    // Part 2 ("today") rules come from the servers' documentation, not from the seeds: they name the manual's section.
    const today = catalog.find((e) => e.id === id)?.part === 2;
    if (rule.dialect === "any" || today) expect(rule.meta.references?.length).toBeGreaterThan(0);
    else expect(rule.meta.seeds.length).toBeGreaterThan(0);
    if (today && rule.dialect === "nginx") expect(rule.meta.references?.some((r) => r.url.startsWith("https://nginx.org/en/docs/"))).toBe(true);
    for (const s of rule.meta.seeds) expect([s.seed, s.section, seedCites(s.seed, s.section)]).toEqual([s.seed, s.section, true]);
  });

  test("summary and messages read as one line without a trailing period", () => {
    const m = rule.meta;
    for (const t of [m.summary, ...Object.values(m.messages)]) {
      expect(t).not.toMatch(/\n/);
      expect(t).not.toMatch(/\.$/);
    }
    expect(m.rationale.length).toBeGreaterThan(40);
  });

  test('a django/* rule names the check --deploy check it matches, or says why none does, and its page has a "Django\'s side" section', () => {
    const c = rule.meta.djangoCheck;
    if (rule.dialect !== "django") return expect(c).toBeUndefined();
    expect(c).toBeDefined();
    const { id: check, note } = typeof c === "string" ? { id: c, note: "" } : c!;
    // Django's deployment checks are security.W001-W025 (and E-level ones); a null id needs a reason.
    if (check !== null) expect(check).toMatch(/^security\.[WE]\d{3}$/);
    else expect(note.length).toBeGreaterThan(20);
    expect(fs.readFileSync(path.join("docs/rules", `${id}.md`), "utf8")).toContain("## Django's side");
  });

  test("declares a fix exactly when a fixture has a .fixed golden", () => {
    const dir = path.join("fixtures/rules", id);
    const goldens = fs.readdirSync(dir).filter((f) => /\.fixed\.[^.]+$/.test(f));
    expect(goldens.length > 0).toBe(Boolean(rule.meta.fix));
  });
});

test("every fixture folder belongs to a rule", () => {
  for (const dialect of fs.readdirSync("fixtures/rules").filter((d) => !implemented.has(d)))
    for (const name of fs.readdirSync(path.join("fixtures/rules", dialect)))
      expect(implemented.has(`${dialect}/${name}`) ? name : `orphan: ${dialect}/${name}`).toBe(name);
});

test("the rule registry is current", () => {
  const r = spawnSync(process.execPath, ["scripts/gen-registry.mjs", "--check"], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
});

test("the rule docs and the README's rules table are current (npm run docs)", () => {
  const stale = [...renderDocs(process.cwd())].filter(([rel, content]) => !fs.existsSync(rel) || fs.readFileSync(rel, "utf8") !== content).map(([rel]) => rel);
  expect(stale).toEqual([]);
});
