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

/** Names searched for before a table is parsed whole. */
const SEARCHES = 64;

/**
 * Entries kept as lines (`\n` before each, `key\tJSON`): a key's lines are found by searching the text (native,
 * fast on a one-byte string), and only they are parsed. Every key (a did-you-mean table, completion) parses the
 * whole table once, and lookups then read that; so does the 65th name looked up, as a search reads the whole text
 * for a name it does not have (a file of thousands of made-up names).
 */
export function rowsOfLines<E>(text: string): Rows<E> {
  const found = new Map<string, E[] | null>();
  let whole: Rows<E> | undefined;
  const all = (): Rows<E> => {
    if (whole) return whole;
    const lines = text.slice(1, -1).split("\n");
    return (whole = groupRows(entriesOfLines<E>(lines), (_, i) => lines[i].slice(0, lines[i].indexOf("\t"))));
  };
  return {
    get(key) {
      if (whole) return whole.get(key);
      let entries = found.get(key);
      if (entries === undefined && found.size >= SEARCHES) return all().get(key);
      if (entries === undefined) {
        entries = null;
        // No catalog name has a tab or a line end (the build checks): such a key cannot match half a line.
        if (!/[\t\n]/.test(key)) {
          const needle = `\n${key}\t`;
          for (let at = text.indexOf(needle); at >= 0;) {
            const start = at + needle.length;
            const end = text.indexOf("\n", start);
            (entries ??= []).push(JSON.parse(text.slice(start, end)) as E);
            at = text.indexOf(needle, end);
          }
        }
        found.set(key, entries);
      }
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
