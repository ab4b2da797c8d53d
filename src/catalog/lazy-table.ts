import type { Rows } from "./rows.js";

/**
 * A catalog table keyed by name whose values are built when first looked up.
 * A lint looks up the few dozen names its files use; building the lookup
 * value (sets of contexts, module lists) of every entry of a catalog at start
 * cost a one-file lint several milliseconds: 1,500 nginx and 600 Apache
 * entries, run cold.
 */
export class LazyTable<E, V> {
  private readonly built = new Map<string, V>();

  /** `build` makes a key's value from every entry with that key, in catalog order. */
  constructor(
    private readonly rows: Rows<E>,
    private readonly build: (entries: E[]) => V,
  ) {}

  has(key: string): boolean {
    return this.built.has(key) || this.rows.get(key) !== undefined;
  }

  get(key: string): V | undefined {
    let v = this.built.get(key);
    if (v !== undefined) return v;
    const entries = this.rows.get(key);
    if (!entries) return undefined;
    v = this.build(entries);
    this.built.set(key, v);
    return v;
  }

  keys(): Iterable<string> {
    return this.rows.keys();
  }

  /** Every key with its value (builds them all: for did-you-mean tables, which only a finding needs). */
  *entries(): IterableIterator<[string, V]> {
    for (const k of this.rows.keys()) yield [k, this.get(k) as V];
  }

  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }
}
