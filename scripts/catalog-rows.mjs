// The shipped form of a catalog's big table (src/catalog/rows.ts reads it): a line
// per entry, `\n` before each, `key<TAB>entry JSON`, in catalog order.

/** The catalogs whose table ships as lines, and whether their keys ignore case (Apache's directive names do). */
export const ROW_TABLES = { "nginx.json": { table: "directives", caseless: false }, "apache.json": { table: "directives", caseless: true } };

/** The lines of `entries` (each with a `name`). */
export function rowsText(entries, caseless) {
  let out = "\n";
  for (const e of entries) {
    const key = caseless ? e.name.toLowerCase() : e.name;
    // JSON.stringify escapes line ends: only the key could break a line.
    if (/[\t\n]/.test(key)) throw new Error(`catalog rows: the name ${JSON.stringify(e.name)} cannot be a line's key`);
    out += `${key}\t${JSON.stringify(e)}\n`;
  }
  return out;
}
