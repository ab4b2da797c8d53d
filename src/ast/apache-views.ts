/**
 * Views of Apache nodes: copies that stand where the nodes are written (a
 * finding points at the original's lines) with arguments of their own and
 * their own parents. mod_macro's expansion (src/model/apache/macros.ts) and an
 * Include read a second time with other Defines (src/load/apache.ts) read
 * through them.
 */
import type { ApacheDirective, ApacheNode, ApacheSection } from "./apache.js";
import { MAX_NESTING, type ArgNode } from "./types.js";

/** A view of `node`: `own` properties read and written in the view, everything else (ranges, file, name) the node's. */
export function view<T extends object>(node: T, own: Partial<T>): T {
  return new Proxy(node, {
    get: (t, p) => (Object.prototype.hasOwnProperty.call(own, p) ? own[p as keyof T] : Reflect.get(t, p, t)),
    set: (_, p, v) => {
      (own as Record<string | symbol, unknown>)[p] = v;
      return true;
    },
  });
}

/**
 * Views of `nodes` (top-level parent `parent`), each argument list given by `args`; null when more nodes than
 * `budget.left` would be made. Iterative: sections may nest thousands deep (the walks stop at MAX_NESTING).
 */
export function viewNodes(
  nodes: ApacheNode[],
  parent: ApacheSection | null,
  args: (list: ArgNode[]) => ArgNode[],
  budget: { left: number } = { left: Infinity },
  /** Properties every section view gets (the `Use` a macro's sections come from). */
  sectionOwn: Partial<ApacheSection> = {},
): ApacheNode[] | null {
  const out: ApacheNode[] = [];
  const work: { nodes: ApacheNode[]; into: ApacheNode[]; parent: ApacheSection | null; depth: number }[] = [{ nodes, into: out, parent, depth: 0 }];
  while (work.length) {
    const { nodes: list, into, parent: up, depth } = work.pop() as (typeof work)[number];
    for (const n of list) {
      if (--budget.left < 0) return null;
      if (n.kind === "directive") {
        into.push(view<ApacheDirective>(n, { args: args(n.args), parent: up }));
        continue;
      }
      const children: ApacheNode[] = [];
      const section = view<ApacheSection>(n, { ...sectionOwn, args: args(n.args), parent: up, children });
      into.push(section);
      if (depth < MAX_NESTING) work.push({ nodes: n.children, into: children, parent: section, depth: depth + 1 });
    }
  }
  return out;
}
