/**
 * mod_macro's expansion, as httpd reads it: a `Use Name v1 v2` reads the body
 * of `<Macro Name $a $b>` in its place, each parameter replaced by its value
 * in every word (mod_macro substitutes the body's lines before httpd parses
 * them; a longer parameter name wins over one it starts with, as mod_macro
 * refuses names that are prefixes of each other). The expanded nodes are
 * views of the body's nodes: they stand where the body is written (a finding
 * points into the macro), with the substituted values and their own parents.
 */
import type { ApacheDirective, ApacheNode, ApacheSection } from "../../ast/apache.js";
import type { ArgNode } from "../../ast/types.js";
import { view, viewNodes } from "../../ast/apache-views.js";

/** The nodes a configuration's macros may expand to in all: past it a `Use` is left unexpanded (exponential nesting). */
export const MAX_EXPANDED_NODES = 100_000;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The body of `macro` expanded with `values`, its top-level nodes' parent being `parent`; null when httpd refuses to
 * start (a number of values that is not the macro's, a parameter without a name) or the budget is spent.
 */
export function expandMacro(
  macro: ApacheSection,
  values: string[],
  parent: ApacheSection | null,
  budget: { left: number },
  usedAt?: ApacheDirective,
): ApacheNode[] | null {
  const params = macro.args.slice(1).map((a) => a.value);
  // httpd refuses both: "empty argument #1 name", and a Use with another number of values.
  if (params.length !== values.length || params.some((p) => p === "")) return null;
  const byName = new Map(params.map((p, i) => [p, values[i]]));
  const pattern = params.length
    ? new RegExp(
        [...params]
          .sort((a, b) => b.length - a.length)
          .map(escape)
          .join("|"),
        "g",
      )
    : null;
  const subst = (v: string) => (pattern ? v.replace(pattern, (m) => byName.get(m) ?? m) : v);
  const args = (list: ArgNode[]) => list.map((a) => (pattern && subst(a.value) !== a.value ? view(a, { value: subst(a.value) }) : a));
  return viewNodes(macro.children, parent, args, budget, usedAt ? { usedAt } : {});
}
