/** nginx as the editor's outline sees it: blocks, with servers named by their server_name. */
import type { NginxBlock, NginxFileAst, NginxNode } from "../../ast/nginx.js";
import type { EditorNode, OutlineKind } from "../plugin.js";

const KIND: Record<string, OutlineKind> = { server: "server", location: "location", upstream: "upstream", map: "map", geo: "map", split_clients: "map", if: "condition", limit_except: "condition" };

const serverNames = (b: NginxBlock) => b.children.filter((c) => c.kind === "directive" && c.name === "server_name").flatMap((c) => c.args.map((a) => a.value));
const listens = (b: NginxBlock) => b.children.filter((c) => c.kind === "directive" && c.name === "listen").map((c) => c.args.map((a) => a.value).join(" "));

function node(n: NginxNode): EditorNode {
  const args = n.args.map((a) => a.range);
  const text = [n.name, ...n.args.map((a) => a.raw)].join(" ");
  if (n.kind === "directive") return { name: text, range: n.range, head: n.nameRange, args, children: [] };
  const names = n.name === "server" ? serverNames(n) : [];
  const ports = n.name === "server" ? listens(n) : [];
  return {
    name: names.length ? `server ${names.join(" ")}` : text,
    ...(ports.length ? { detail: `listen ${ports.join(", ")}` } : {}),
    kind: KIND[n.name] ?? "block",
    range: n.range,
    head: n.openRange,
    close: n.closeRange,
    args,
    children: n.children.map(node),
  };
}

export const nginxEditor = { nodes: (ast: unknown): EditorNode[] => (ast as NginxFileAst).children.map(node) };
