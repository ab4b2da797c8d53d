/**
 * settingsModuleInScriptText (src/model/django/settings-module.ts) replaces
 * the two regular expressions that read DJANGO_SETTINGS_MODULE before it
 * (src/model/apache/wsgi-apps.ts, rules/apache/wsgi-script-beside-settings.ts).
 * On every WSGI/ASGI script and manage.py of the rule fixtures, the demo and
 * the Django corpus it agrees with them, except where they misread Python:
 * the cases listed here, each checked against the file.
 */
import fs from "node:fs";
import path from "node:path";
import { settingsModuleInScriptText as fromPython } from "../../src/model/django/settings-module.js";

// The two regular expressions the reader replaced, kept here as the reference they were
// (src/model/apache/wsgi-apps.ts and rules/apache/wsgi-script-beside-settings.ts, removed from the product).
function settingsModuleInScriptText(text: string): { value: string } | null {
  const m = /DJANGO_SETTINGS_MODULE['"]\s*(?:\]\s*=|,)\s*(?:[rbuf]?['"])([\w.]+)['"]/.exec(text);
  return m ? { value: m[1] } : null;
}
function settingsModuleInScript(text: string): string | null {
  const m = /DJANGO_SETTINGS_MODULE['"]\s*(?:\]\s*=|,)\s*(?:f?['"])([\w.]+)['"]/.exec(text);
  return m ? m[1] : null;
}

function scripts(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) scripts(p, out);
    else if (/\.wsgi$|wsgi.*\.py$|asgi\.py$|^manage\.py$|\.wsgi\.example$/.test(e.name)) out.push(p);
  }
  return out;
}

const files = [...scripts(path.resolve("fixtures")), ...scripts(path.resolve("test/corpus/django"))].sort();

/** Where the regular expressions are wrong, and what the file says. */
const DIFFERENT: Record<string, { old: string | null; now: string | null; why: string }> = {
  // Line 26 is a comment (`# os.environ["DJANGO_SETTINGS_MODULE"] = "dojo.settings"`); line 27 sets it.
  "DefectDojo__django-DefectDojo/dojo/wsgi.py": { old: "dojo.settings", now: "dojo.settings.settings", why: "a commented-out line" },
  // `SETTINGS_MODULE = "intranet.settings_production"` (line 5), then `setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)`.
  "fires-apache-tree-wsgi-module-through-variable/tree/intranet/wsgi.py": {
    old: null,
    now: "intranet.settings_production",
    why: "a variable bound once to a string",
  },
  // `"intranet.settings_" + os.environ.get("DEPLOY_FLAVOUR", "production")`: the regular expression takes the first operand.
  "clean-apache-tree-wsgi-script-computes-module/tree/intranet/wsgi.py": { old: "intranet.settings_", now: null, why: "a computed module name" },
};

test("there are scripts to compare", () => {
  expect(files.length).toBeGreaterThan(20);
});

test.each(files.map((f) => [path.relative(process.cwd(), f), f]))("%s", (_rel, file) => {
  const text = fs.readFileSync(file, "utf8");
  const old = settingsModuleInScriptText(text)?.value ?? null;
  const oldRule = settingsModuleInScript(text);
  const now = fromPython(text, file)?.value ?? null;
  const known = Object.entries(DIFFERENT).find(([k]) => file.endsWith(k))?.[1];
  if (known) {
    expect({ old, now }).toEqual({ old: known.old, now: known.now });
    return;
  }
  expect(now).toBe(old);
  // The rule's copy lacks r'' and u'' strings but otherwise reads the same.
  if (!/DJANGO_SETTINGS_MODULE['"]\s*(?:\]\s*=|,)\s*[rbu]['"]/.test(text)) expect(oldRule).toBe(old);
});

test("what the copies miss or misread", () => {
  const raw = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', r'a.settings')\n";
  expect(settingsModuleInScript(raw)).toBeNull(); // the rule's copy has no r''
  expect(fromPython(raw)).toEqual({ value: "a.settings" });
  const docstring =
    '"""Set os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x.settings") before importing."""\nimport os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "real.settings")\n';
  expect(settingsModuleInScriptText(docstring)).toEqual({ value: "x.settings" });
  expect(fromPython(docstring)).toEqual({ value: "real.settings" });
});

test("no other reader of DJANGO_SETTINGS_MODULE nor list of project markers is left outside src/model/django", () => {
  const sources = (dir: string, out: string[] = []): string[] => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) sources(p, out);
      else if (p.endsWith(".ts")) out.push(p);
    }
    return out;
  };
  const outside = [...sources(path.resolve("src")), ...sources(path.resolve("rules"))].filter(
    (f) => !f.includes(`${path.sep}model${path.sep}django${path.sep}`),
  );
  const offenders = outside.filter((f) => {
    const text = fs.readFileSync(f, "utf8");
    // A regular expression over a script's text, or a marker list naming manage.py and settings.py together.
    return /\/DJANGO_SETTINGS_MODULE\[/.test(text) || /\[\s*"(?:manage|settings)\.py",\s*"(?:manage|settings)\.py"/.test(text);
  });
  expect(offenders.map((f) => path.relative(process.cwd(), f))).toEqual([]);
});
