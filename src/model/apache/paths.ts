/** Paths as Apache sections write them (used by the merge order and the access model). */
import path from "node:path";
import type { ApacheSection } from "../../ast/apache.js";
import { isOpaque } from "../../template/placeholder.js";

/** A `<Directory>` path as written, normalised (no trailing slash); null for regex forms and paths a template fills in. */
export function directoryPath(s: ApacheSection): string | null {
  if (s.key !== "directory") return null;
  const a = s.args[0]?.value;
  if (!a || a === "~" || s.args.length > 1 || isOpaque(a)) return null;
  return normalizeDir(a);
}

// Most paths are already normal: skip path.normalize (hot: asked per alias, app and root).
const NEEDS_NORMALIZE = /\/\/|(^|\/)\.\.?(\/|$)|^$/;

export function normalizeDir(p: string): string {
  const n = NEEDS_NORMALIZE.test(p) ? path.posix.normalize(p) : p;
  return n.length > 1 ? n.replace(/\/+$/, "") : n;
}
