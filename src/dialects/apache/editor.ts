/** Apache httpd as the editor's outline sees it: sections, with virtual hosts named by their ServerName. */
import type { ApacheFileAst, ApacheNode, ApacheSection } from "../../ast/apache.js";
import type { EditorNode, OutlineKind } from "../plugin.js";

const KIND: Record<string, OutlineKind> = {
  virtualhost: "server",
  directory: "location", directorymatch: "location", location: "location", locationmatch: "location", files: "location", filesmatch: "location",
  proxy: "location", proxymatch: "location",
  ifmodule: "condition", ifdefine: "condition", ifversion: "condition", if: "condition", elseif: "condition", else: "condition", ifdirective: "condition", iffile: "condition", ifsection: "condition",
  macro: "block",
};

const serverName = (s: ApacheSection) => {
  const d = s.children.find((c) => c.kind === "directive" && c.key === "servername");
  return d?.args[0]?.value;
};

function node(n: ApacheNode): EditorNode {
  const args = n.args.map((a) => a.range);
  if (n.kind === "directive") return { name: [n.name, ...n.args.map((a) => a.raw)].join(" "), range: n.range, head: n.nameRange, args, children: [] };
  const name = `<${[n.name, ...n.args.map((a) => a.raw)].join(" ")}>`;
  const detail = n.key === "virtualhost" ? serverName(n) : undefined;
  return { name, ...(detail ? { detail } : {}), kind: KIND[n.key] ?? "section", range: n.range, head: n.openRange, close: n.closeRange, args, children: n.children.map(node) };
}

export const apacheEditor = { nodes: (ast: unknown): EditorNode[] => (ast as ApacheFileAst).children.map(node) };
