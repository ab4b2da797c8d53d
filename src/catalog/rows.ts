/**
 * A catalog table's entries by name. The shipped catalogs keep their big
 * table (nginx's 1,500 directives, Apache's 600) as one line per entry,
 * `key<TAB>entry JSON` (scripts/catalog-rows.mjs writes them at build), and a
 * lint parses the lines of the names its files use: parsing the whole table
 * (~200 KB of JSON) cost a one-file lint ~10 ms with the garbage collection of
 * what it made. Where the catalog is the JSON module itself (the sources, the
 * tests) the table is grouped in memory, with the same keys.
 */

/** The entries of a table by key, in catalog order. */
export interface Rows<E> {
  get(key: string): E[] | undefined;
  /** Every key, in catalog order (for did-you-mean tables and completion: only some runs). */
  keys(): Iterable<string>;
}

/** What a shipped catalog module answers, for a table kept as lines: the lines' text. */
export const CATALOG_ROWS = Symbol.for("djlint-conf.catalog-rows");

/** A table's key for an entry's name: the name itself, or lower-cased where the server ignores case (Apache). */
const rowKey = (name: string, caseless: boolean): string => (caseless ? name.toLowerCase() : name);

/** The table `table` of `catalog` (entries with a `name`) by key. */
export function catalogRows<E extends { name: string }>(catalog: object, table: string, caseless: boolean): Rows<E> {
  const lines = (catalog as { [CATALOG_ROWS]?: (table: string) => string | undefined })[CATALOG_ROWS]?.(table);
  if (lines !== undefined) return rowsOfLines<E>(lines);
  return groupRows((catalog as Record<string, E[]>)[table], (e) => rowKey(e.name, caseless));
}

/** Entries grouped by key in memory. */
export function groupRows<E>(entries: readonly E[], keyOf: (e: E, i: number) => string): Rows<E> {
  const byKey = new Map<string, E[]>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const k = keyOf(e, i);
    const list = byKey.get(k);
    if (list) list.push(e);
    else byKey.set(k, [e]);
  }
  return { get: (key) => byKey.get(key), keys: () => byKey.keys() };
}

/** Names searched for before the lines are indexed by key. */
const SEARCHES = 8;

/**
 * Entries kept as lines (`\n` before each, `key\tJSON`): a key's lines are found by searching the text (native,
 * fast on a one-byte string: ~25 us for Apache's 210 KB), and only they are parsed. Each search reads the whole
 * text, so past a few names the lines are indexed by key in one pass (~1 ms) and each name then parses only its own
 * lines; a lint of a few kilobytes looks up dozens of names (parsing the whole table for them cost ~4 ms). Every key
 * (a did-you-mean table, completion) parses the whole table once, and lookups then read that.
 */
export function rowsOfLines<E>(text: string): Rows<E> {
  const found = new Map<string, E[] | null>();
  let index: Map<string, number[]> | undefined;
  let whole: Rows<E> | undefined;
  const all = (): Rows<E> => {
    if (whole) return whole;
    const lines = text.slice(1, -1).split("\n");
    return (whole = groupRows(entriesOfLines<E>(lines), (_, i) => lines[i].slice(0, lines[i].indexOf("\t"))));
  };
  /** Where each key's entries start (just after its tab), in catalog order. */
  const indexed = (): Map<string, number[]> => {
    if (index) return index;
    index = new Map();
    // A line without its tab, or a text without its last line end, is skipped, not looped on (the build writes neither).
    for (let at = 0, end = text.indexOf("\n", 1); end > at; at = end, end = text.indexOf("\n", at + 1)) {
      const tab = text.indexOf("\t", at + 1);
      if (tab < 0 || tab > end) continue;
      const key = text.slice(at + 1, tab);
      const starts = index.get(key);
      if (starts) starts.push(tab + 1);
      else index.set(key, [tab + 1]);
    }
    return index;
  };
  const entryAt = (start: number): E => JSON.parse(text.slice(start, text.indexOf("\n", start))) as E;
  return {
    get(key) {
      if (whole) return whole.get(key);
      let entries = found.get(key);
      if (entries !== undefined) return entries ?? undefined;
      entries = null;
      if (index || found.size >= SEARCHES) {
        const starts = indexed().get(key);
        if (starts) entries = starts.map(entryAt);
      } else if (!/[\t\n]/.test(key)) {
        // No catalog name has a tab or a line end (the build checks): such a key cannot match half a line.
        const needle = `\n${key}\t`;
        for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) (entries ??= []).push(entryAt(at + needle.length));
      }
      found.set(key, entries);
      return entries ?? undefined;
    },
    keys: () => all().keys(),
  };
}

/** Every entry of a table kept as lines (the text, or its lines without the first and last line end), in order. */
export function entriesOfLines<E>(text: string | string[]): E[] {
  const lines = typeof text === "string" ? text.slice(1, -1).split("\n") : text;
  return JSON.parse(`[${lines.map((l) => l.slice(l.indexOf("\t") + 1)).join(",")}]`) as E[];
}
