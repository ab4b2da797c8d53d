/** lighttpd in the editor: the outline (conditionals, `global` blocks) and completion of option names and values. */
import { isScalar, isString, type LighttpdBlock, type LighttpdFileAst, type LighttpdStatement, type LighttpdValue } from "../../ast/lighttpd.js";
import { lighttpdNamesIn } from "../../catalog/lighttpd.js";
import type { Range } from "../../core/range.js";
import { catalogCandidates, lineBefore, valueCandidates, within } from "../editor-text.js";
import type { EditorCompletion, EditorNode } from "../plugin.js";

/** Options lighttpd reads as a boolean: "enable" or "disable". */
const BOOLEAN = new Set([
  "server.follow-symlink",
  "server.use-ipv6",
  "server.set-v6only",
  "server.range-requests",
  "server.error-intercept",
  "ssl.engine",
  "ssl.honor-cipher-order",
  "ssl.disable-client-renegotiation",
  "ssl.verifyclient.activate",
  "ssl.verifyclient.enforce",
  "dir-listing.activate",
  "dir-listing.hide-dotfiles",
  "dir-listing.hide-readme-file",
  "dir-listing.hide-header-file",
  "dir-listing.encode-readme",
  "dir-listing.encode-header",
  "dir-listing.auto-layout",
  "dir-listing.cache",
  "server.dir-listing",
  "debug.log-request-header",
  "debug.log-response-header",
  "debug.log-request-handling",
  "debug.log-file-not-found",
  "debug.log-condition-handling",
  "debug.log-ssl-noise",
  "debug.log-timeouts",
  "accesslog.use-syslog",
  "server.errorlog-use-syslog",
  "proxy.debug",
  "fastcgi.debug",
  "etag.use-inode",
  "etag.use-mtime",
  "etag.use-size",
  "static-file.etags",
  "static-file.disable-pathinfo",
  "mimetype.use-xattr",
  "userdir.letterhomes",
  "status.enable-sort",
]);

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
      return {
        name,
        kind: "condition",
        range: n.range,
        head: n.headRange,
        close: n.closeRange,
        args: t ? [...scalars(t.field), ...scalars(t.pattern)] : [],
        children: n.children.map(node),
      };
    }
  }
}

/** The blocks around an offset, outermost first. */
function enclosing(ast: LighttpdFileAst, offset: number): LighttpdBlock[] {
  const out: LighttpdBlock[] = [];
  let nodes = ast.children;
  for (;;) {
    const b = nodes.find((c): c is LighttpdBlock => (c.kind === "condition" || c.kind === "global") && offset >= c.headRange.end && within(c.range, offset));
    if (!b) return out;
    out.push(b);
    nodes = b.children;
  }
}

function whereAt(ast: LighttpdFileAst, offset: number): "global" | "condition" | "socket" {
  const around = enclosing(ast, offset);
  const last = [...around].reverse().find((b) => b.kind === "condition");
  if (!last) return "global";
  return last.kind === "condition" && last.test?.variable === "SERVER" && isString(last.test.field) && last.test.field.value === "socket"
    ? "socket"
    : "condition";
}

function complete(astIn: unknown, text: string, offset: number): EditorCompletion | null {
  const ast = astIn as LighttpdFileAst;
  const before = lineBefore(text, offset);
  if (before.includes("#")) return null;
  const key = /^\s*([\w.-]*)$/.exec(before);
  if (key) return { from: offset - key[1].length, to: offset, items: catalogCandidates(lighttpdNamesIn(whereAt(ast, offset)), "directive") };
  const value = /^\s*([\w.-]+)\s*(?:=|\+=|:=)\s*("?)(\w*)$/.exec(before);
  if (value && BOOLEAN.has(value[1])) {
    const from = offset - value[3].length - value[2].length;
    return { from, to: offset, items: valueCandidates(["enable", "disable"]).map((c) => ({ ...c, insertText: `"${c.label}"`, label: `"${c.label}"` })) };
  }
  return null;
}

export const lighttpdEditor = { nodes: (ast: unknown): EditorNode[] => (ast as LighttpdFileAst).children.map(node), complete };
