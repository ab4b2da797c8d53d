/** lighttpd as the editor's outline sees it: conditionals and `global` blocks. */
import { isScalar, type LighttpdFileAst, type LighttpdStatement, type LighttpdValue } from "../../ast/lighttpd.js";
import type { Range } from "../../core/range.js";
import type { EditorNode } from "../plugin.js";

/** The scalars of a value, in order (an array's keys and values, a concatenation's parts). */
function scalars(v: LighttpdValue | null | undefined, out: Range[] = []): Range[] {
  if (!v) return out;
  if (isScalar(v)) out.push(v.range);
  else if (v.kind === "concat") for (const p of v.parts) scalars(p, out);
  else
    for (const e of v.entries) {
      scalars(e.key, out);
      scalars(e.value, out);
    }
  return out;
}

const raw = (v: LighttpdValue | null | undefined): string => (!v ? "" : isScalar(v) ? v.raw : v.kind === "concat" ? v.parts.map(raw).join(" + ") : "( … )");

function node(n: LighttpdStatement): EditorNode {
  switch (n.kind) {
    case "assignment":
      return { name: `${n.name} ${n.op} ${raw(n.value)}`, range: n.range, head: n.nameRange, args: scalars(n.value), children: [] };
    case "include":
      return { name: `${n.shell ? "include_shell" : "include"} ${raw(n.value)}`, range: n.range, head: n.keywordRange, args: scalars(n.value), children: [] };
    case "global":
      return { name: "global", kind: "block", range: n.range, head: n.headRange, close: n.closeRange, args: [], children: n.children.map(node) };
    case "condition": {
      const t = n.test;
      const test = t ? `$${t.variable}[${raw(t.field)}] ${t.op} ${raw(t.pattern)}` : "";
      const name = [n.keyword, test].filter(Boolean).join(" ") || "else";
      return { name, kind: "condition", range: n.range, head: n.headRange, close: n.closeRange, args: t ? [...scalars(t.field), ...scalars(t.pattern)] : [], children: n.children.map(node) };
    }
  }
}

export const lighttpdEditor = { nodes: (ast: unknown): EditorNode[] => (ast as LighttpdFileAst).children.map(node) };
