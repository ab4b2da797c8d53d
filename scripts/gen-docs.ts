/**
 * Rule docs, generated from each rule's metadata and its fixtures:
 * docs/rules/<dialect>/<name>.md, docs/rules/README.md, and the rules table in
 * README.md between the rules:start/rules:end markers. `--check` fails when
 * anything on disk differs.
 */
import fs from "node:fs";
import path from "node:path";
import { detectDialect } from "../src/discover/dialect.js";
import { dialectNamed, dialectNames, dialects } from "../src/dialects/registry.js";
import type { DialectPlugin } from "../src/dialects/plugin.js";
import { expandInputs } from "../src/discover/inputs.js";
import { ENGINE_IDS } from "../src/engine/engine-ids.js";
import { allRules } from "../src/engine/registry.js";
import { lintFiles } from "../src/engine/run.js";
import { DiskFs } from "../src/load/fs-facade.js";
import { PathMap, type PathMapEntry } from "../src/load/path-map.js";
import { withoutServerDirs } from "./fresh-machine-fs.js";
import { stylish } from "../src/formatters/stylish.js";
import { cvssBaseScore } from "../src/formatters/cvss.js";
import type { Rule, SeedRef } from "../src/rule-api.js";
import { listCases, type Case } from "../test/support/cases.js";
import { normalize, seedIndex } from "../test/support/seeds.js";

export const docPath = (id: string) => `docs/rules/${id}.md`;

/** An example case: the fullest single-file case of a kind (the most realistic example), else a tree case, else a single file that needs options; linted with the case's options (its path map). */
function example(root: string, id: string, kind: "fires" | "clean", dialect?: string, unlike: readonly Case[] = []): Case | null {
  const dir = path.join(root, "fixtures/rules", id);
  if (!fs.existsSync(dir)) return null;
  const prefix = dialect ? `${kind}-${dialect}-` : kind;
  // A clean example whose configuration reads as the firing one's (the difference is in the settings) shows nothing to do.
  const shownText = (c: Case) => stripExpect(fs.readFileSync(c.entry, "utf8"));
  const avoid = new Set(unlike.map(shownText));
  const cases = listCases(dir).filter((c) => c.name.startsWith(prefix) && !avoid.has(shownText(c)));
  const single = cases.filter((c) => c.entry === c.files[0] && c.dir === dir);
  const bySize = (a: Case, b: Case) => fs.statSync(b.entry).size - fs.statSync(a.entry).size || (a.entry < b.entry ? -1 : 1);
  const plain = single.filter((c) => !fs.existsSync(c.entry.replace(/\.[^.]+$/, ".json")));
  if (plain.length) return plain.sort(bySize)[0];
  const tree = cases.find((c) => c.dir !== dir && treeEntries().includes(path.basename(c.entry)));
  if (tree) return tree;
  return single.length ? single.sort(bySize)[0] : null;
}

/** The main configuration names of every dialect: a tree case's entry. */
const treeEntries = () => dialects().flatMap((d) => d.files.mainConfigs);

const stripExpect = (text: string) =>
  text
    .split("\n")
    .filter((l) => !/^\s*#\s*expect(-file|-related)?:/.test(l))
    .join("\n")
    .trimEnd();

/** The plugin of a rule's dialect; for the rules of every dialect and the django/* rules, the first registered. */
const pluginOf = (rule: Rule): DialectPlugin =>
  rule.dialect === "any" || rule.dialect === "django" ? dialects()[0] : (dialectNamed(rule.dialect) as DialectPlugin);

/** The code fence's language: the rule's dialect, or the example's for the rules of every dialect and the django/* rules. */
function fence(rule: Rule, file: string): string {
  if (rule.dialect !== "any" && rule.dialect !== "django") return pluginOf(rule).fence;
  if (file.endsWith(".py")) return "python"; // a django/* finding in the settings
  const text = fs.readFileSync(file, "utf8");
  const d = detectDialect(file, text);
  return (d ? dialectNamed(d) : undefined)?.fence ?? pluginOf(rule).fence;
}

/** A seed citation by the seed's public title and URL: its section, and the passage when the citation quotes one. */
function seedSource(root: string, s: SeedRef): string {
  const seed = seedIndex(root)[s.seed];
  const heading = seed.headings.find((h) => normalize(h) === normalize(s.section));
  const where = heading ? `§ ${heading}` : `§ ${seed.quotes[s.section]}: “${s.section}”`;
  return `- [${seed.title}](${seed.url}), ${seed.publication} (seed ${s.seed}), ${where}`;
}

function securityLine(m: Rule["meta"]): string[] {
  if (!m.security) return [];
  const cwe = m.security.cwe.map((n) => `[CWE-${n}](https://cwe.mitre.org/data/definitions/${n}.html)`);
  return [
    `Security: severity **${cvssBaseScore(m.security.cvss).toFixed(1)}** (CVSS 3.1 base score of \`${m.security.cvss}\`)${cwe.length ? `, ${cwe.join(", ")}` : ""}`,
    "",
  ];
}

/** "Django's side": the `check --deploy` id a django/* rule covers from the server's side, so a team that silenced it finds the rule. */
function djangoSide(m: Rule["meta"]): string[] {
  const c = m.djangoCheck;
  if (c === undefined) return [];
  const { id, note } = typeof c === "string" ? { id: c, note: "" } : c;
  const head = id
    ? `The matching \`python manage.py check --deploy\` check: **${id}** ([Django's system checks](https://docs.djangoproject.com/en/stable/ref/checks/#security)).`
    : "`python manage.py check --deploy` has no matching check.";
  return ["## Django's side", "", note ? `${head} ${note}` : head, ""];
}

function renderRule(root: string, rule: Rule): string {
  const m = rule.meta;
  const facts = [`Default severity: **${m.severity}**`];
  if (m.profiles?.development) facts.push(`development profile: **${m.profiles.development}**`);
  facts.push(m.fix ? `Fix: ${m.fix.safety} (${m.fix.title})` : "Fix: none");
  const out = [`# ${m.id}`, "", facts.join(" · "), "", ...securityLine(m), `${m.summary}.`, "", "## Why", "", m.rationale, "", ...djangoSide(m)];
  // A rule of every dialect shows an example of each (its fixtures are named fires-<dialect>-*).
  const cases: (string | undefined)[] = rule.dialect === "any" ? dialectNames() : [undefined];
  const fires = cases.map((d) => example(root, m.id, "fires", d)).filter((c): c is Case => c !== null);
  if (fires.length) out.push("## Fires on", "");
  for (const c of fires) {
    // Show the file the finding is in (a tree case's may be an included file), linted as shown (annotations removed) so the positions match it.
    const lint = (overlay?: Map<string, string>) =>
      lintFiles(c.entries ?? [c.entry], { ...c.options, cwd: c.dir, only: [m.id], overlay, fs: freshMachine(c.options?.map ?? [], c.dir) });
    const file =
      lint()
        .results.flatMap((r) => r.messages)
        .find((x) => x.ruleId === m.id)?.file ?? c.entry;
    const shown = stripExpect(fs.readFileSync(file, "utf8"));
    const run = lint(new Map([[file, shown + "\n"]]));
    run.results = run.results.filter((r) => r.filePath === file);
    const named = path.join(root, c.dir === path.dirname(c.entry) && c.entry === file ? path.basename(file) : path.relative(c.dir, file));
    for (const r of run.results) {
      r.filePath = named;
      // The other side of a finding (a settings line), shown as the case's own path.
      for (const x of r.messages.flatMap((d) => d.related ?? [])) x.file = path.join(root, path.relative(c.dir, x.file));
    }
    out.push("```" + fence(rule, file), shown, "```", "", "```", stylish(run, { cwd: root, colorLevel: 0 }).trim(), "```", "");
  }
  const clean = cases.map((d) => example(root, m.id, "clean", d, fires)).filter((c): c is Case => c !== null);
  if (clean.length) out.push("## Use instead", "");
  for (const c of clean) out.push("```" + fence(rule, c.entry), stripExpect(fs.readFileSync(c.entry, "utf8")), "```", "");
  if (m.fix) out.push("## Fix", "", `${m.fix.title}.`, "", fixSafetyLine(m.fix), "");
  if (m.silentWhen?.length) out.push("## When it stays silent", "", ...m.silentWhen.map((s) => `- ${s}`), "");
  out.push("## Source", "", ...m.seeds.map((s) => seedSource(root, s)), ...(m.references ?? []).map((r) => `- [${r.title}](${r.url})`), "");
  // Where some dialect of the rule allows a comment after a statement, -disable-line works there too.
  const trailing = rule.dialect === "any" || rule.dialect === "django" ? dialects().some((d) => d.comments.trailing) : pluginOf(rule).comments.trailing;
  const plugin = pluginOf(rule);
  out.push(
    "## Suppress",
    "",
    `Where the finding is deliberate, say so on the line before it${trailing ? " (or at the end of the line with `djlint-conf-disable-line`)" : ""}:`,
    "",
    "```" + plugin.fence,
    `${plugin.comments.prefix} djlint-conf-disable-next-line ${m.id} -- why this is fine here`,
    "```",
    "",
    `or turn the rule off in the configuration file: \`{ "rules": { "${m.id}": "off" } }\`.`,
    "",
  );
  return out.join("\n");
}

/** The "Fix safety" line of a rule page: which kind, what applies it, and why (from meta.fix). */
export function fixSafetyLine(fix: NonNullable<Rule["meta"]["fix"]>): string {
  const how = fix.safety === "safe" ? "`--fix` applies it" : "`--fix` leaves it alone; `--unsafe-fixes` applies it, and editors offer it marked (unsafe)";
  return `Fix safety: **${fix.safety}** (${how}): ${fix.why}.`;
}

function rulesTable(rules: Rule[], link: (id: string) => string): string {
  const rows = rules.map((r) => `| [\`${r.meta.id}\`](${link(r.meta.id)}) | ${r.meta.severity} | ${r.meta.fix?.safety ?? ""} | ${r.meta.summary} |`);
  const engine = ENGINE_IDS.map((e) => `| \`${e.id}\` | ${e.severity} |  | ${e.summary} |`);
  return ["| id | severity | fix | what it finds |", "| --- | --- | --- | --- |", ...rows, ...engine].join("\n");
}

/** What `npm run demo` prints (the same inputs and path map as the package script). */
function demoOutput(root: string): string {
  const demo = path.join(root, "fixtures/demo");
  const map = [
    { from: "/etc/apache2", to: path.join(demo, "etc/apache2") },
    { from: "/etc/nginx", to: path.join(demo, "etc/nginx") },
    { from: "/srv", to: path.join(demo, "srv") },
  ];
  const run = lintFiles(expandInputs([path.join(demo, "etc")], root), { cwd: root, map, fs: freshMachine(map, root) });
  return stylish(run, { cwd: root, colorLevel: 0 }).trim();
}

/** The disk through the path map, as a machine without the web servers has it (what the docs show does not depend on the machine that made them). */
const freshMachine = (map: PathMapEntry[], cwd: string) => withoutServerDirs(new DiskFs(new PathMap(map, cwd)));

export function renderDocs(root: string): Map<string, string> {
  const rules = [...allRules()].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
  const files = new Map<string, string>();
  for (const r of rules) files.set(docPath(r.meta.id), renderRule(root, r));
  files.set(
    "docs/rules/README.md",
    ["# Rules", "", "Generated from the rules' metadata by `npm run docs`.", "", rulesTable(rules, (id) => `${id}.md`), ""].join("\n"),
  );
  const readme = path.join(root, "README.md");
  if (fs.existsSync(readme)) {
    let text = fs.readFileSync(readme, "utf8");
    const m = /(<!-- rules:start -->\n)[\s\S]*?(<!-- rules:end -->)/.exec(text);
    if (m) text = text.replace(m[0], `${m[1]}${rulesTable(rules, (id) => docPath(id))}\n${m[2]}`);
    const d = /(<!-- demo:start -->\n)[\s\S]*?(<!-- demo:end -->)/.exec(text);
    if (d) text = text.replace(d[0], `${d[1]}\`\`\`\n${demoOutput(root)}\n\`\`\`\n${d[2]}`);
    files.set("README.md", text);
  }
  return files;
}

export async function main(argv: string[]): Promise<number> {
  const root = process.cwd();
  const check = argv.includes("--check");
  const stale: string[] = [];
  for (const [rel, content] of renderDocs(root)) {
    const p = path.join(root, rel);
    const current = fs.existsSync(p) ? fs.readFileSync(p, "utf8") : null;
    if (current === content) continue;
    if (check) stale.push(rel);
    else {
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, content);
    }
  }
  if (stale.length) {
    console.error(`stale docs (run \`npm run docs\`): ${stale.join(", ")}`);
    return 1;
  }
  return 0;
}
