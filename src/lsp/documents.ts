/** Paths, URIs and document texts as the language server reads them. */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { TextDocument } from "vscode-languageserver-textdocument";

/** Documents larger than this are not linted (the engine's reader has the same kind of limit). */
export const MAX_TEXT = 4 * 1024 * 1024;

/** For reading only: the client's URI stays the name diagnostics are published under. */
export const uriToPath = (uri: string): string | null => {
  try {
    return uri.startsWith("file:") ? path.resolve(fileURLToPath(uri)) : null;
  } catch {
    return null;
  }
};
export const pathToUri = (p: string) => pathToFileURL(p).href;
export const lintable = (t: string) => t.length <= MAX_TEXT && !t.includes("\u0000");

/** A document's text; null when a client opened it without one. */
export const textOf = (d: TextDocument): string | null => {
  const t = d.getText() as unknown;
  return typeof t === "string" ? t : null;
};

export function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** The open documents at one instant: what a lint reads and the versions its diagnostics belong to. */
export interface Snapshot {
  texts: Map<string, string>;
  /** path -> the URIs the client opened it under (usually one). */
  uris: Map<string, string[]>;
  versions: Map<string, number>;
}

/** Client input, before it is checked. */
type Loose = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What is wrong with a request's parameters (InvalidParams), or null. */
export function badParams(params: unknown, needs: ("position" | "range" | "diagnostics" | "positions")[]): string | null {
  const p = params as Loose;
  const isPosition = (x: Loose) => x && Number.isInteger(x.line) && x.line >= 0 && Number.isInteger(x.character) && x.character >= 0;
  const isRange = (x: Loose) => x && isPosition(x.start) && isPosition(x.end);
  if (!p || typeof p !== "object" || typeof p.textDocument?.uri !== "string") return "textDocument.uri must be a string";
  if (needs.includes("position") && !isPosition(p.position)) return "position must be { line, character } with non-negative integers";
  if (needs.includes("positions") && !(Array.isArray(p.positions) && p.positions.every(isPosition))) return "positions must be a list of { line, character }";
  if (needs.includes("range") && !isRange(p.range)) return "range must be { start, end } positions";
  if (needs.includes("diagnostics") && !(Array.isArray(p.context?.diagnostics) && p.context.diagnostics.every((d: Loose) => d && isRange(d.range))))
    return "context.diagnostics must be a list of diagnostics with ranges";
  return null;
}
