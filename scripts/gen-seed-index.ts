/**
 * fixtures/seeds/index.json: what the tests and the docs need from the five
 * seed documents, so that neither needs the documents themselves:
 *
 * - each seed's public title, where it was published, and its URL (for the
 *   rule pages' "Source" section);
 * - its section headings, and every passage that a rule (`meta.seeds`) or a
 *   transcribed example (`# Seed NNN § ...`) cites which is not a heading,
 *   with the heading of the section it is in; each one verified here against
 *   the document's text;
 * - a fingerprint of each line (8 hex digits of its SHA-256, whitespace
 *   collapsed), so a test can check that an example's lines occur in the
 *   seed, in order, without the seed's text.
 *
 *   npm run seeds:index -- [--seeds <dir>] [--check]
 *
 * The documents are read from --seeds, else ../shared/seeds beside the
 * checkout. A citation that the document does not contain stops it (exit 1).
 */
import fs from "node:fs";
import path from "node:path";
import { allRules } from "../src/engine/registry.js";
import { lineFingerprint, normalize, SEED_INDEX, type SeedEntry } from "../test/support/seeds.js";

/** Public identity of each seed: not in the text files, so kept here. */
const PUBLISHED: Record<string, { title: string; publication: string; url: string }> = {
  "000": {
    title: "How to use Django with mod_python",
    publication: "Django documentation 0.96",
    url: "https://github.com/django/django/blob/0.96/docs/modpython.txt",
  },
  "001": {
    title: "Integration With Django",
    publication: "mod_wsgi wiki",
    url: "https://code.google.com/archive/p/modwsgi/wikis/IntegrationWithDjango.wiki",
  },
  "002": {
    title: "Chapter 12: Deploying Django",
    publication: "The Django Book 2.0",
    url: "http://www.djangobook.com/en/2.0/chapter12.html",
  },
  "003": {
    title: "How to use Django with FastCGI, SCGI, or AJP",
    publication: "Django documentation 1.4 to 1.8",
    url: "https://docs.djangoproject.com/en/1.8/howto/deployment/fastcgi/",
  },
  "004": {
    title: "Servers",
    publication: "Lincoln Loop, Django Best Practices",
    url: "https://django-best-practices.readthedocs.io/en/latest/deployment/servers.html",
  },
};

/** reStructuredText section titles: a text line underlined by a run of one punctuation character at least as long. */
function headings(lines: string[]): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const text = lines[i - 1].trim();
    const under = lines[i].trim();
    if (/^([=\-~^*+#"`])\1{2,}$/.test(under) && text && !/^([=\-~^*+#"`])\1{2,}$/.test(text) && under.length >= text.length) out.push({ line: i - 1, text });
  }
  return out;
}

/** Every seed citation in the rules and in the transcribed examples' first lines. */
function citations(root: string): { seed: string; section: string; where: string }[] {
  const out = allRules().flatMap((r) => r.meta.seeds.map((s) => ({ seed: s.seed as string, section: s.section, where: r.meta.id })));
  const dir = path.join(root, "fixtures/seeds");
  for (const d of fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()))
    for (const f of fs.readdirSync(path.join(dir, d.name)).sort()) {
      const m = /^# Seed (\d{3}) § (.+)$/.exec(fs.readFileSync(path.join(dir, d.name, f), "utf8").split(/\r?\n/, 1)[0]);
      if (m) out.push({ seed: m[1], section: m[2], where: `fixtures/seeds/${d.name}/${f}` });
    }
  return out;
}

export function indexSeed(seed: string, file: string, text: string, cited: { section: string; where: string }[], problems: string[]): SeedEntry {
  const lines = text.split(/\r?\n/);
  const heads = headings(lines);
  // The normalised text (as the tests compare), with where each line starts in it.
  let flat = "";
  const starts: number[] = [];
  for (const l of lines) {
    const n = normalize(l);
    if (n && flat) flat += " ";
    starts.push(flat.length);
    flat += n;
  }
  const quotes: Record<string, string> = {};
  const headingSet = new Set(heads.map((h) => normalize(h.text)));
  for (const c of cited) {
    if (headingSet.has(normalize(c.section))) continue;
    const at = flat.indexOf(normalize(c.section));
    if (at < 0) {
      problems.push(`${c.where}: seed ${seed} does not contain "${c.section}"`);
      continue;
    }
    const within = heads.filter((h) => starts[h.line] <= at).pop() ?? heads[0];
    quotes[c.section] = within?.text ?? PUBLISHED[seed].title;
  }
  const sortedQuotes = Object.fromEntries(Object.entries(quotes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    file,
    ...PUBLISHED[seed],
    headings: heads.map((h) => h.text),
    quotes: sortedQuotes,
    lines: lines
      .filter((l) => l.trim())
      .map(lineFingerprint)
      .join(" "),
  };
}

export function buildIndex(root: string, seedsDir: string, problems: string[]): Record<string, SeedEntry> {
  const all = citations(root);
  const out: Record<string, SeedEntry> = {};
  for (const seed of Object.keys(PUBLISHED)) {
    const file = fs.readdirSync(seedsDir).find((n) => n.startsWith(`${seed}_`) && n.endsWith(".txt"));
    if (!file) throw new Error(`no seed document ${seed} in ${seedsDir}`);
    const cited = all.filter((c) => c.seed === seed);
    out[seed] = indexSeed(seed, file, fs.readFileSync(path.join(seedsDir, file), "utf8"), cited, problems);
  }
  for (const c of all) if (!(c.seed in PUBLISHED)) problems.push(`${c.where}: no seed ${c.seed}`);
  return out;
}

export function renderIndex(seeds: Record<string, SeedEntry>): string {
  return (
    JSON.stringify(
      {
        $comment:
          "Generated by `npm run seeds:index` from the seed documents; do not edit by hand. Titles and URLs say where each seed is published; `quotes` are the cited passages that are not headings, with their section; `lines` fingerprints each non-blank line (first 8 hex digits of SHA-256, whitespace collapsed).",
        seeds,
      },
      null,
      2,
    ) + "\n"
  );
}

export async function main(argv: string[]): Promise<number> {
  const root = process.cwd();
  const at = argv.indexOf("--seeds");
  const seedsDir = at >= 0 ? argv[at + 1] : path.resolve(root, "../shared/seeds");
  if (!seedsDir || !fs.existsSync(seedsDir)) {
    console.error(`seeds:index: no seed documents at ${seedsDir} (pass --seeds <dir>)`);
    return 2;
  }
  const problems: string[] = [];
  const text = renderIndex(buildIndex(root, seedsDir, problems));
  if (problems.length) {
    for (const p of problems) console.error(p);
    return 1;
  }
  const file = path.join(root, SEED_INDEX);
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
  if (current === text) return 0;
  if (argv.includes("--check")) {
    console.error(`${SEED_INDEX} is stale: run \`npm run seeds:index\``);
    return 1;
  }
  fs.writeFileSync(file, text);
  return 0;
}
