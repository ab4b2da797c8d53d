/** Fixture cases on disk: a single file, or a tree with an entry file; options from a sidecar JSON. */
import fs from "node:fs";
import path from "node:path";
import type { LintOptions } from "../../src/engine/run.js";

export const ENGINE_IDS = ["syntax", "include-not-found", "include-cycle", "include-not-followed"];
const ENTRY_NAMES = ["httpd.conf", "apache2.conf", ".htaccess", "nginx.conf", "lighttpd.conf"];

export interface Case {
  name: string;
  kind: "fires" | "clean";
  dir: string;
  /** The file handed to the linter. */
  entry: string;
  /** Several servers linted in one run (`"entries"` in case.json), e.g. nginx in front of Apache. */
  entries?: string[];
  /** Files whose annotations count. */
  files: string[];
  options: Partial<LintOptions>;
  /** Golden output of --fix for a single-file case. */
  fixed?: string;
}

export function listCases(ruleDir: string): Case[] {
  const out: Case[] = [];
  for (const name of fs.readdirSync(ruleDir).sort()) {
    const p = path.join(ruleDir, name);
    const kind = name.startsWith("fires") ? "fires" : name.startsWith("clean") ? "clean" : null;
    if (!kind || name.endsWith(".json") || /\.fixed\.[^.]+$/.test(name)) continue;
    if (fs.statSync(p).isDirectory()) {
      const options = readOptions(path.join(p, "case.json"), p);
      const entries = (options as { entries?: string[] }).entries?.map((e) => path.join(p, e));
      delete (options as { entries?: string[] }).entries;
      // A repository layout (manage.py at the root, configs under deploy/) names its entries in case.json.
      const entry = ENTRY_NAMES.map((n) => path.join(p, n)).find((f) => fs.existsSync(f)) ?? entries?.[0];
      if (!entry) throw new Error(`${p}: a tree case needs an entry file (${ENTRY_NAMES.join(", ")}) or "entries" in case.json`);
      // The entries carry expectations too, whatever their names (Debian's `sites-enabled/shop`); a link's are its
      // target's (an enabled unit's link names the server's path, which only the case's map leads to).
      const files = [...new Set([...configFiles(p), ...(entries ?? [])])].filter((f) => !fs.lstatSync(f).isSymbolicLink()).sort();
      out.push({ name, kind, dir: p, entry, ...(entries ? { entries } : {}), files, options });
    } else {
      const stem = name.replace(/\.[^.]+$/, "");
      const fixed = path.join(ruleDir, `${stem}.fixed${path.extname(name)}`);
      out.push({
        name,
        kind,
        dir: ruleDir,
        entry: p,
        files: [p],
        options: readOptions(path.join(ruleDir, `${stem}.json`), ruleDir),
        ...(fs.existsSync(fixed) ? { fixed } : {}),
      });
    }
  }
  return out;
}

function configFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...configFiles(p));
    // .ini: uWSGI, .py: Django settings, whose findings these cases annotate too; .j2: a role's template
    else if (/\.(conf|load|htaccess|wsgi|ini|py|j2)$|^\.htaccess$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** `{ "profile": ..., "map": { "/srv": "./tree" }, "serverRoot": ..., "apacheVersion": ..., "rules": {...} }`, paths relative to the case. */
function readOptions(file: string, base: string): Partial<LintOptions> {
  if (!fs.existsSync(file)) return {};
  const raw = JSON.parse(fs.readFileSync(file, "utf8"));
  const opts: Partial<LintOptions> = { ...raw };
  if (raw.map) opts.map = Object.entries(raw.map as Record<string, string>).map(([from, to]) => ({ from, to: path.resolve(base, to) }));
  if (raw.serverRoot) opts.serverRoot = path.resolve(base, raw.serverRoot);
  return opts;
}
