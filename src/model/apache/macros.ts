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
import { MAX_NESTING, type ArgNode } from "../../ast/types.js";

/** The nodes a configuration's macros may expand to in all: past it a `Use` is left unexpanded (exponential nesting). */
export const MAX_EXPANDED_NODES = 100_000;

/** A view of `node` with some properties of its own; everything else (ranges, file, name) read from the node itself. */
function view<T extends object>(node: T, own: Partial<T>): T {
  return new Proxy(node, {
    get: (t, p) => (Object.prototype.hasOwnProperty.call(own, p) ? own[p as keyof T] : Reflect.get(t, p, t)),
  });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The body of `macro` expanded with `values`, its top-level nodes' parent being `parent`; null when httpd refuses to
 * start (a number of values that is not the macro's, a parameter without a name) or the budget is spent.
 */
export function expandMacro(macro: ApacheSection, values: string[], parent: ApacheSection | null, budget: { left: number }): ApacheNode[] | null {
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
  // Iterative: a body may nest sections thousands deep (the walk stops at MAX_NESTING, this must not overflow first).
  const out: ApacheNode[] = [];
  const work: { nodes: ApacheNode[]; into: ApacheNode[]; parent: ApacheSection | null; depth: number }[] = [
    { nodes: macro.children, into: out, parent, depth: 0 },
  ];
  while (work.length) {
    const { nodes, into, parent: up, depth } = work.pop() as (typeof work)[number];
    for (const n of nodes) {
      if (--budget.left < 0) return null;
      if (n.kind === "directive") {
        into.push(view<ApacheDirective>(n, { args: args(n.args), parent: up }));
        continue;
      }
      const children: ApacheNode[] = [];
      const section = view<ApacheSection>(n, { args: args(n.args), parent: up, children });
      into.push(section);
      if (depth < MAX_NESTING) work.push({ nodes: n.children, into: children, parent: section, depth: depth + 1 });
    }
  }
  return out;
}
