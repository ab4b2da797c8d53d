/**
 * lighttpd values as lighttpd computes them while it reads its config
 * (src/configparser.y): a reference reads a variable set earlier in the
 * current block or an enclosing one, `env.NAME` reads the environment, `+`
 * and `+=` merge (string + string or number concatenates, number + number
 * adds, array + array appends). What the linter cannot know (the
 * environment, `var.CWD`, a variable set by an `include_shell`, a value a
 * template fills in for a whole value) is `unknown`; a string a template
 * fills in part of (`"{{ docroot }}/media/"`) stays a string holding a
 * placeholder, for the rules to weigh (isOpaque).
 * Every value keeps the AST node it came from, and array entries keep theirs,
 * so rules can point at one entry even after `+=` merged lists from several files.
 */
import type { LighttpdArrayEntry, LighttpdScalar, LighttpdValue } from "../../ast/lighttpd.js";
import type { Positioned } from "../../core/range.js";
import { isOpaque } from "../../template/placeholder.js";

export type Value =
  | { type: "string"; value: string; node: Positioned; literal: LighttpdScalar | null }
  | { type: "integer"; value: number; node: Positioned }
  | { type: "array"; entries: ValueEntry[]; node: Positioned }
  | { type: "unknown"; node: Positioned | null; reason: string };

export interface ValueEntry {
  /** The `key` of `key => value`, evaluated; null for a plain list entry (or a key that cannot be known). */
  key: string | null;
  keyNode: LighttpdValue | null;
  value: Value;
  node: LighttpdArrayEntry;
}

export type Lookup = (key: string) => Value | undefined;

export const unknown = (node: Positioned | null, reason: string): Value => ({ type: "unknown", node, reason });

/** The value of an expression, with variables read through `lookup`. */
export function evaluate(v: LighttpdValue | null, lookup: Lookup): Value {
  if (!v) return unknown(null, "missing value");
  switch (v.kind) {
    case "arg":
      if (v.type === "string") return { type: "string", value: v.value, node: v, literal: v };
      if (v.type === "integer") return { type: "integer", value: Number(v.value), node: v };
      if (v.value.startsWith("env.")) return unknown(v, `the environment variable ${v.value.slice(4)}`);
      if (isOpaque(v.value)) return unknown(v, "a value the template fills in");
      {
        const found = lookup(v.value);
        if (!found) return unknown(v, `${v.value}, which is not set before this point`);
        // A copy positioned where the variable is used, keeping the entries' own nodes.
        if (found.type === "string") return { ...found, node: v, literal: null };
        return found.type === "unknown" ? found : { ...found, node: v };
      }
    case "array": {
      const entries: ValueEntry[] = [];
      for (const e of v.entries) {
        let key: string | null = null;
        if (e.key) {
          const k = evaluate(e.key, lookup);
          key = k.type === "string" ? k.value : k.type === "integer" ? String(k.value) : null;
        }
        entries.push({ key, keyNode: e.key, value: evaluate(e.value, lookup), node: e });
      }
      return { type: "array", entries, node: v };
    }
    case "concat": {
      let acc = evaluate(v.parts[0], lookup);
      for (const p of v.parts.slice(1)) acc = merge(acc, evaluate(p, lookup), v);
      return acc;
    }
  }
}

/** `a + b` and `key += b`, as configparser_merge_data does it; null when lighttpd rejects the types. */
export function merge(a: Value, b: Value, node: Positioned): Value {
  if (a.type === "unknown") return a;
  if (b.type === "unknown") return b;
  if (a.type === "string" && (b.type === "string" || b.type === "integer")) return { type: "string", value: a.value + String(b.value), node, literal: null };
  if (a.type === "integer" && b.type === "string") return { type: "string", value: String(a.value) + b.value, node, literal: null };
  if (a.type === "integer" && b.type === "integer") return { type: "integer", value: a.value + b.value, node };
  if (a.type === "array" && b.type === "array") return withAppended({ type: "array", node } as Value & { type: "array" }, "entries", a, b.entries);
  return unknown(node, "values of different types that lighttpd cannot merge");
}

/**
 * A list that is another list with items after it, built into an array when
 * first read and then kept. A chain of `+=` (each a new list, since the old
 * value stays as it was for what read it before) then costs one copy in all
 * rather than one per `+=`, which would be quadratic.
 */
class Appended<T> {
  private flat: T[] | undefined;
  constructor(
    private base: readonly T[] | Appended<T>,
    private tail: readonly T[],
  ) {}

  toArray(): T[] {
    if (this.flat) return this.flat;
    // Back to a built array without recursion (chains can be long), then forward.
    const tails: (readonly T[])[] = [];
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- a cursor down the chain, starting here
    let at: readonly T[] | Appended<T> = this;
    while (at instanceof Appended && !at.flat) {
      tails.push(at.tail);
      at = at.base;
    }
    const out = (at instanceof Appended ? (at.flat as T[]) : at).slice();
    for (let i = tails.length - 1; i >= 0; i--) for (const x of tails[i]) out.push(x);
    this.flat = out;
    this.base = out; // the chain behind is no longer needed by this list
    this.tail = [];
    return out;
  }
}

/** The lazy lists behind the properties withAppended made, by owner. */
const lazyLists = new WeakMap<object, Appended<unknown>>();

/**
 * Give `owner` a list property `key` holding `from[key]` followed by `tail`,
 * built on first read (see Appended); `from`'s own lazy list is extended
 * without being built.
 */
export function withAppended<O extends object, K extends keyof O & string>(
  owner: O,
  key: K,
  from: { [k in K]: readonly unknown[] },
  tail: readonly unknown[],
): O {
  const base = (lazyLists.get(from) as Appended<unknown> | undefined) ?? from[key];
  const list = new Appended<unknown>(base, tail);
  Object.defineProperty(owner, key, { get: () => list.toArray(), enumerable: true, configurable: true });
  lazyLists.set(owner, list);
  return owner;
}

/** The string value, or null when it is not a string the linter knows. */
export const stringOf = (v: Value | undefined): string | null => (v?.type === "string" ? v.value : null);

/** The entry with this key (the last one: lighttpd refuses duplicates, so there is at most one in a valid config). */
export function entryOf(v: Value | undefined, key: string): ValueEntry | undefined {
  if (v?.type !== "array") return undefined;
  for (let i = v.entries.length - 1; i >= 0; i--) if (v.entries[i].key === key) return v.entries[i];
  return undefined;
}
