/**
 * The shipped catalogs keep their big tables as lines (dist/catalog/*.rows,
 * src/catalog/rows.ts): a lint looking a name up there must find exactly the
 * entries the catalog in the sources has for it, in the same order, and the
 * rest of the catalog must be what the sources say.
 */
import fs from "node:fs";
import nginx from "../src/catalog/data/nginx.json" with { type: "json" };
import apache from "../src/catalog/data/apache.json" with { type: "json" };
import { groupRows, rowsOfLines, catalogRows, CATALOG_ROWS } from "../src/catalog/rows.js";

if (!fs.existsSync("dist/catalog/nginx.rows")) throw new Error("dist/ is missing: run `npm run build` (npm test does)");

interface Entry {
  name: string;
}

describe.each([
  ["nginx", nginx as unknown as Record<string, unknown>, (n: string) => n],
  // httpd reads directive names without regard to case: the table is keyed by the lower-cased name.
  ["apache", apache as unknown as Record<string, unknown>, (n: string) => n.toLowerCase()],
])("%s", (name, source, keyOf) => {
  const entries = source.directives as Entry[];
  const lines = fs.readFileSync(`dist/catalog/${name}.rows`, "utf8");
  const shipped = rowsOfLines<Entry>(lines);

  test("every name finds the entries the sources have for it, in catalog order", () => {
    const byName = new Map<string, Entry[]>();
    for (const e of entries) byName.set(keyOf(e.name), [...(byName.get(keyOf(e.name)) ?? []), e]);
    expect(byName.size).toBeGreaterThan(400);
    for (const [key, want] of byName) expect([key, shipped.get(key)]).toEqual([key, want]);
    expect([...shipped.keys()]).toEqual([...byName.keys()]);
    // Keys first (a did-you-mean table parses the whole table once), then lookups: the same entries.
    const whole = rowsOfLines<Entry>(lines);
    expect([...whole.keys()]).toEqual([...byName.keys()]);
    for (const [key, want] of byName) expect([key, whole.get(key)]).toEqual([key, want]);
    expect(whole.get("no_such_directive")).toBeUndefined();
    // Many names looked up one by one, known and made up (past the point where the lines are indexed): the same.
    const many = rowsOfLines<Entry>(lines);
    let k = 0;
    for (const [key, want] of byName) {
      expect([key, many.get(key)]).toEqual([key, want]);
      expect(many.get(`made_up_${k++}`)).toBeUndefined();
    }
  });

  test("a name the catalog does not have finds nothing, whatever it holds", () => {
    for (const key of ["", "no_such_directive", "listen\tx", "a\nlisten", "\t", "\n", "{", '"name"']) expect([key, shipped.get(key)]).toEqual([key, undefined]);
    // A prefix or a suffix of a name is not the name.
    expect(shipped.get(keyOf(entries[0].name).slice(0, -1))).toBeUndefined();
    expect(shipped.get(keyOf(entries[0].name).slice(1))).toBeUndefined();
  });

  test("the rest of the catalog ships as the sources have it", () => {
    const { directives: _table, ...rest } = source;
    expect(JSON.parse(fs.readFileSync(`dist/catalog/${name}.json`, "utf8"))).toEqual(rest);
  });
});

test("a catalog module that answers with lines is read through them; a plain one is grouped in memory", () => {
  const text = '\nlisten\t{"name":"listen","where":1}\nroot\t{"name":"root"}\nlisten\t{"name":"listen","where":2}\n';
  const shipped = catalogRows<Entry>({ [CATALOG_ROWS]: (t: string) => (t === "directives" ? text : undefined) }, "directives", false);
  expect(shipped.get("listen")).toEqual([
    { name: "listen", where: 1 },
    { name: "listen", where: 2 },
  ]);
  expect([...shipped.keys()]).toEqual(["listen", "root"]);
  const plain = catalogRows<Entry>({ directives: [{ name: "Listen" }, { name: "ROOT" }] }, "directives", true);
  expect(plain.get("listen")).toEqual([{ name: "Listen" }]);
  expect(plain.get("Listen")).toBeUndefined();
  expect([...groupRows([{ name: "a" }, { name: "b" }, { name: "a" }], (e) => e.name).keys()]).toEqual(["a", "b"]);
});

test("past the names searched one by one, a text with a line without its tab or without its last line end is read, not looped on", () => {
  const text = '\na\t{"name":"a"}\nno tab here\nb\t{"name":"b"}\nc\t{"name":"c"}';
  const rows = rowsOfLines<Entry>(text);
  // Eight made-up names first: the ninth lookup indexes the lines.
  for (let i = 0; i < 8; i++) expect(rows.get(`x${i}`)).toBeUndefined();
  expect([rows.get("a"), rows.get("b"), rows.get("no tab here"), rows.get("c")]).toEqual([[{ name: "a" }], [{ name: "b" }], undefined, undefined]);
});
