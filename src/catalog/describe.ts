/** A directive's catalog entry as words, for the editor's hover: its module and where it is allowed. */
import type { DirectiveDescription } from "./types.js";

/** One catalog row: the name as the catalog spells it, its module and where it is allowed. */
export interface DescribedName {
  name: string;
  module: string;
  allowed: string;
}

/**
 * A lookup over a catalog's rows, built on first use. A name several modules
 * declare (nginx: http and stream) reads as one entry. `fold`: names match
 * case-insensitively (Apache).
 */
export function describer(rows: () => Iterable<DescribedName>, fold: boolean): (name: string) => DirectiveDescription | null {
  let index: Map<string, DirectiveDescription> | undefined;
  const build = () => {
    const out = new Map<string, DirectiveDescription>();
    for (const { name, module, allowed } of rows()) {
      const key = fold ? name.toLowerCase() : name;
      const had = out.get(key);
      out.set(key, had ? { name, module: `${had.module}, ${module}`, allowed: `${had.allowed}; ${allowed}` } : { name, module, allowed });
    }
    return out;
  };
  return (name) => (index ??= build()).get(fold ? name.toLowerCase() : name) ?? null;
}
