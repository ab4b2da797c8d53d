/**
 * The rule pages (docs/rules/<id>.md) that ship with the package, found from
 * where this code really is: dist/cli.cjs in an installed package or a
 * checkout (pages in ../docs/rules), src/docs/pages.ts under the tests
 * (../../docs/rules). Not from process.argv[1], which is the bin symlink in
 * `npm install -g`, npx and pre-commit environments, nor from the working
 * directory, which is the user's.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

let root: string | null | undefined;

/** The package's docs/rules folder, or null when the pages were not shipped. */
export function docsRoot(): string | null {
  if (root !== undefined) return root;
  let dir: string;
  try {
    dir = path.dirname(fs.realpathSync(fileURLToPath(import.meta.url)));
  } catch {
    return (root = null);
  }
  // The package root is at most two folders above this module.
  for (let up = 0; up < 3; up++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, "docs", "rules");
    if (fs.existsSync(path.join(candidate, "README.md"))) return (root = candidate);
  }
  return (root = null);
}

/** An id's page, or null (ids are `dialect/name` or engine ids: nothing else reaches the file system). */
function pageFile(id: string): string | null {
  const dir = docsRoot();
  if (!dir || !/^[a-z0-9-]+(\/[a-z0-9-]+)?$/.test(id)) return null;
  const file = path.join(dir, `${id}.md`);
  return fs.existsSync(file) ? file : null;
}

/** The file URL of an id's page, else of the rules index (engine ids have no page of their own). */
export function docsUrl(id: string): string | undefined {
  const file = pageFile(id);
  if (file) return pathToFileURL(file).href;
  const dir = docsRoot();
  return dir ? pathToFileURL(path.join(dir, "README.md")).href : undefined;
}

/** The text of an id's page, when it has one. */
export function rulePage(id: string): string | undefined {
  const file = pageFile(id);
  return file ? fs.readFileSync(file, "utf8") : undefined;
}
