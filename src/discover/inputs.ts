/**
 * Command-line inputs -> the files to lint. A file is taken as given; a
 * directory is searched for configuration files by name (`*.conf`, `.htaccess`,
 * `*.load`, `*.nginx`, and extensionless files in the directories
 * distributions keep sites in: sites-enabled/, conf.d/, vhosts/...), whichever
 * server they configure (the engine tells Apache, nginx and lighttpd apart);
 * files such as nginx's `fastcgi_params` or `mime.types` are reached through
 * the includes of the main config instead. Anything else is a glob (tinyglobby). An input that matches nothing is a usage error, as in ESLint.
 */
import fs from "node:fs";
import path from "node:path";
import { globSync } from "tinyglobby";
import { UsageError } from "../engine/config.js";

const SKIP_DIRS = new Set([".git", ".hg", ".svn", "node_modules"]);
const CONF_DIRS = new Set([
  "sites-available", "sites-enabled", "conf.d", "conf-available", "conf-enabled", "mods-available", "mods-enabled", "vhosts.d", "vhosts",
]);

/** Names that are configuration when found inside a directory. */
export function isConfigName(p: string): boolean {
  const base = path.basename(p);
  if (/\.(conf|load|vhost|htaccess|nginx)$/i.test(base)) return true;
  if (base === ".htaccess" || base === "htaccess.txt") return true;
  return CONF_DIRS.has(path.basename(path.dirname(p))) && !base.includes(".") && !base.startsWith(".");
}

export function expandInputs(inputs: string[], cwd: string): string[] {
  const out = new Set<string>();
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(abs);
    } catch {
      st = undefined;
    }
    if (st?.isFile()) out.add(abs);
    else if (st?.isDirectory()) for (const f of walk(abs, 0)) out.add(f);
    else if (/[*?[\]{}]/.test(input)) {
      const found = globSync(input, { cwd, absolute: true, dot: true, onlyFiles: true, ignore: ["**/node_modules/**", "**/.git/**"] });
      if (!found.length) throw new UsageError(`no files match the pattern '${input}'`);
      for (const f of found.sort()) out.add(path.resolve(f));
    } else throw new UsageError(`no such file or directory: '${input}'`);
  }
  return [...out];
}

function walk(dir: string, depth: number): string[] {
  if (depth > 64) return [];
  let names: fs.Dirent[];
  try {
    names = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const d of names) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) {
      if (!SKIP_DIRS.has(d.name)) out.push(...walk(p, depth + 1));
    } else if ((d.isFile() || d.isSymbolicLink()) && isConfigName(p)) out.push(p);
  }
  return out;
}
