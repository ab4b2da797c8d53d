/** The corpus of real-world configs committed under test/corpus, and its manifest (see test/corpus/README.md). */
import fs from "node:fs";
import path from "node:path";

export const CORPUS = path.resolve("test/corpus");

export interface CorpusFile {
  dialect: string;
  path: string;
  notes: string;
  invalid: boolean;
}

export function corpusFiles(dialect: string): CorpusFile[] {
  const manifest = path.join(CORPUS, "MANIFEST.tsv");
  if (!fs.existsSync(manifest)) throw new Error(`${manifest} is missing: run the tests from the repository's root`);
  return fs
    .readFileSync(manifest, "utf8")
    .split("\n")
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split("\t"))
    .filter((r) => r[0] === dialect)
    .map((r) => ({ dialect: r[0], path: path.join(CORPUS, r[1]), notes: r[6] ?? "", invalid: (r[6] ?? "").includes("intentionally-invalid") }));
}
