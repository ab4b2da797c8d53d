/**
 * Each rule declares the Django settings it reads (`meta.djangoSettings`), and
 * a lint parses only the statements that can change the declared settings of
 * the rules that run: the declaration is the one source. A setting a rule
 * reads without declaring it would be unknown to it in a lint, so:
 *  - statically, every setting a rule file names in a read (`knownSetting`,
 *    `settingIn`, `rootMismatches`...) is in its declaration, and what the
 *    model's helpers read is declared by the rules that call them;
 *  - on every fixture, the rule alone (reading its declared settings) finds
 *    what it finds with every setting of the project read.
 */
import fs from "node:fs";
import path from "node:path";
import { lintFiles } from "../../src/engine/run.js";
import { allRules } from "../../src/engine/registry.js";
import { RULE_SETTINGS } from "../../src/model/django/index.js";
import { ENGINE_IDS, listCases } from "../support/cases.js";

const NAME = "([A-Z][A-Z0-9_]*)";
/** Reads a rule file may make, with the setting names each reads. */
const DIRECT = [new RegExp(`knownSetting\\([^,()]+,\\s*"${NAME}"`, "g"), new RegExp(`settingIn\\([^,()]+,\\s*"${NAME}"`, "g")];
/** Helpers of the model that read settings: called in a rule file, what they read must be declared there. */
const HELPERS: [RegExp, (m: string[]) => string[]][] = [
  [new RegExp(`settingPrefix\\([^,()]+,\\s*"${NAME}"`, "g"), (m) => [m[1], "FORCE_SCRIPT_NAME"]],
  // The storage the files go to: off the file system, the root names no directory anything is written to.
  [
    new RegExp(`rootMismatches\\([^)]*"${NAME}",\\s*"${NAME}"`, "g"),
    (m) => [m[1], m[2], "FORCE_SCRIPT_NAME", "STORAGES", m[1] === "MEDIA_URL" ? "DEFAULT_FILE_STORAGE" : "STATICFILES_STORAGE"],
  ],
  [/appServesStatic\(/g, () => ["MIDDLEWARE", "MIDDLEWARE_CLASSES", "STORAGES", "STATICFILES_STORAGE", "WSGI_APPLICATION", "ASGI_APPLICATION", "ROOT_URLCONF"]],
  [/staticMediaAliases\(/g, () => ["STATIC_URL", "MEDIA_URL"]],
];

const rules = allRules();

test("every setting a rule file reads, itself or through the model's helpers, is in its declaration", () => {
  let checked = 0;
  for (const rule of rules) {
    const text = fs.readFileSync(path.resolve("rules", `${rule.meta.id}.ts`), "utf8");
    const read = new Set<string>();
    for (const re of DIRECT) for (const m of text.matchAll(re)) read.add(m[1]);
    for (const [re, names] of HELPERS) for (const m of text.matchAll(re)) for (const n of names(m)) read.add(n);
    if (read.size) checked++;
    expect([rule.meta.id, [...read].filter((n) => !(rule.meta.djangoSettings ?? []).includes(n))]).toEqual([rule.meta.id, []]);
  }
  expect(checked).toBeGreaterThan(12);
});

test("the model's helpers read only settings the helper table above knows of (a new one must be added there)", () => {
  const sources = ["src/model/django/served.ts", "src/model/django/sides.ts", "src/model/apache/django-settings.ts", "src/model/apache/static-media.ts"];
  // The helpers' fixed names, and the URL/root pairs the rules pass to them (`rootMismatches(..., "STATIC_URL", "STATIC_ROOT")`).
  const known = new Set([...HELPERS.flatMap(([, names]) => [...names(["", "STATIC_URL", "STATIC_ROOT"]), ...names(["", "MEDIA_URL", "MEDIA_ROOT"])])]);
  for (const f of sources) {
    const text = fs.readFileSync(path.resolve(f), "utf8");
    for (const m of text.matchAll(/"([A-Z][A-Z0-9_]{3,})"/g)) if (!m[1].startsWith("HTTP_")) expect([f, m[1], known.has(m[1])]).toEqual([f, m[1], true]);
  }
});

test("--print-django shows every declared setting, set or not", () => {
  const declared = new Set(rules.flatMap((r) => r.meta.djangoSettings ?? []));
  expect(declared.size).toBeGreaterThan(15);
  expect([...declared].filter((n) => !RULE_SETTINGS.includes(n))).toEqual([]);
});

describe("on every fixture, a rule reading its declared settings finds what it finds with all of them read", () => {
  const FIXTURES = path.resolve("fixtures/rules");
  for (const rule of rules.filter((r) => r.meta.djangoSettings?.length)) {
    const id = rule.meta.id;
    test(id, () => {
      const cases = listCases(path.join(FIXTURES, id));
      expect(cases.length).toBeGreaterThan(2);
      for (const c of cases) {
        const opts = { ...c.options, cwd: c.dir, only: [id, ...ENGINE_IDS] };
        const found = (r: ReturnType<typeof lintFiles>) =>
          r.results.flatMap((x) => x.messages.map((m) => `${m.ruleId} ${x.filePath}:${m.range.line}:${m.range.column} ${m.message}`));
        const declared = lintFiles(c.entries ?? [c.entry], opts);
        const all = lintFiles(c.entries ?? [c.entry], { ...opts, readDjango: true });
        expect([c.dir, found(declared)]).toEqual([c.dir, found(all)]);
      }
    });
  }
});
