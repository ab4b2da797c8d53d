/**
 * Which main configuration a file belongs to: one answer for the command
 * line and the language server, so that pre-commit (which passes only the
 * changed files) and the editor see the same server.
 *
 * The main configs (apache2.conf, httpd.conf, nginx.conf, lighttpd.conf) in
 * the file's directory and up to three above it, never above the project
 * root; and, when the file lies under a --map target, the main configs at
 * that target's top (the repository's copy of /etc/apache2). The engine then
 * decides which of them actually includes the file.
 */
import fs from "node:fs";
import path from "node:path";
import type { PathMapEntry } from "../load/path-map.js";
import { dialects } from "../dialects/registry.js";

/** Every dialect's main configuration names (apache2.conf, httpd.conf, nginx.conf, lighttpd.conf). */
export const mainConfigNames = () => dialects().flatMap((d) => d.files.mainConfigs);
/** How many directories above the file's own are searched. */
const LEVELS_UP = 3;

const isFile = (p: string) => {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
};

const inDir = (dir: string, file: string) =>
  mainConfigNames()
    .map((n) => path.join(dir, n))
    .filter((p) => p !== file && isFile(p));

/** The candidate main configurations of `file` (absolute), nearest first; `root` is the project root, if known. */
export function mainConfigsFor(file: string, root: string | null, map: PathMapEntry[] = []): string[] {
  const out: string[] = [];
  let dir = path.dirname(file);
  for (let i = 0; i <= LEVELS_UP; i++) {
    out.push(...inDir(dir, file));
    const up = path.dirname(dir);
    if (up === dir || dir === root) break;
    dir = up;
  }
  for (const m of map) {
    const to = path.resolve(m.to);
    if (file.startsWith(to + path.sep)) for (const p of inDir(to, file)) if (!out.includes(p)) out.push(p);
  }
  return out;
}
