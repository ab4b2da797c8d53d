/**
 * The seed documents as the tests know them: the committed index
 * (fixtures/seeds/index.json, written by `npm run seeds:index` from the
 * documents) of their headings, the passages the project cites, and a
 * fingerprint of each line. The documents themselves are not needed.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const SEED_INDEX = "fixtures/seeds/index.json";

export interface SeedEntry {
  file: string;
  title: string;
  publication: string;
  url: string;
  headings: string[];
  /** Cited passage -> the heading of the section it is in. */
  quotes: Record<string, string>;
  /** One fingerprint per non-blank line, in order, space-separated. */
  lines: string;
}

/** How citations are compared with the text: case and runs of whitespace do not matter. */
export const normalize = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();
/** A line's fingerprint: the first 8 hex digits of the SHA-256 of the line, trimmed, whitespace collapsed. */
export const lineFingerprint = (line: string) => crypto.createHash("sha256").update(line.trim().replace(/\s+/g, " ")).digest("hex").slice(0, 8);

let cached: Record<string, SeedEntry> | undefined;
export function seedIndex(root = process.cwd()): Record<string, SeedEntry> {
  return (cached ??= (JSON.parse(fs.readFileSync(path.join(root, SEED_INDEX), "utf8")) as { seeds: Record<string, SeedEntry> }).seeds);
}

/** Whether `section` is a heading of the seed, or a passage of it that the index holds (verified when the index was written). */
export function seedCites(seed: string, section: string): boolean {
  const s = seedIndex()[seed];
  if (!s) return false;
  const n = normalize(section);
  return s.headings.some((h) => normalize(h) === n) || Object.keys(s.quotes).some((q) => normalize(q) === n);
}

/** The seed's line fingerprints, in order. */
export function seedLines(seed: string): string[] {
  return seedIndex()[seed]?.lines.split(" ") ?? [];
}
