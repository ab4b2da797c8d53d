/** The shared corpus of real-world configs (../shared/corpus) and its manifest. */
import fs from "node:fs";
import path from "node:path";

export const CORPUS = path.resolve("../shared/corpus");

export interface CorpusFile {
  dialect: string;
  path: string;
  notes: string;
  invalid: boolean;
}

export function corpusFiles(dialect: string): CorpusFile[] {
  const manifest = path.join(CORPUS, "MANIFEST.tsv");
  if (!fs.existsSync(manifest)) throw new Error(`${manifest} is missing: the shared corpus must sit beside this checkout (../shared)`);
  return fs
    .readFileSync(manifest, "utf8")
    .split("\n")
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split("\t"))
    .filter((r) => r[0] === dialect)
    .map((r) => ({ dialect: r[0], path: path.join(CORPUS, r[1]), notes: r[6] ?? "", invalid: (r[6] ?? "").includes("intentionally-invalid") }));
}
