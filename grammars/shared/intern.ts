/**
 * One string object per distinct short text, shared by every file the process
 * parses: directive names, section names and flags (`On`, `granted`, `80`)
 * repeat thousands of times in a large configuration, in one file or across
 * thousands of included ones, and each token's image is a string of its own.
 * Longer texts (paths, host names) rarely repeat and are kept as they are.
 *
 * The table is bounded (a long-lived process, the language server, parses
 * edit after edit): when full it starts again empty. A string it keeps is a
 * copy of its own, never a slice of a file's text, which it would keep alive.
 */

/** Texts up to this length are shared. */
export const INTERN_MAX = 24;
/** Distinct texts kept at most (a few MB). */
const TABLE_MAX = 1 << 16;

let table = new Map<string, string>();
let lower = new Map<string, string>();

/** A string of its own with the text of `s` (V8 keeps a slice of 13 characters and more as a view of its parent). */
const own = (s: string): string => (s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string));

export function intern(s: string): string {
  if (s.length > INTERN_MAX) return s;
  const hit = table.get(s);
  if (hit !== undefined) return hit;
  if (table.size >= TABLE_MAX) table = new Map();
  const kept = own(s);
  table.set(kept, kept);
  return kept;
}

/** `s` lower-cased, shared as `intern` shares. */
export function internLower(s: string): string {
  let hit = lower.get(s);
  if (hit === undefined) {
    hit = intern(s.toLowerCase());
    if (s.length <= INTERN_MAX) {
      if (lower.size >= TABLE_MAX) lower = new Map();
      lower.set(intern(s), hit);
    }
  }
  return hit;
}

/** Distinct texts the table holds now (for tests of its bound). */
export function internedCount(): number {
  return table.size;
}
