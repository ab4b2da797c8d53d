/** Hover: on a finding, its rule's page; on a directive name, what is known about it. */
import type { Hover, HoverParams, Range as LspRange } from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { dialectNamed } from "../dialects/registry.js";
import { rulePage } from "../docs/pages.js";
import { idInfo } from "../docs/help.js";
import { allRules } from "../engine/registry.js";
import type { Dialect } from "../core/dialect.js";
import type { Published } from "./publish.js";

// What the tests and other modules import from here.
export { codeActions, FIX_ALL_KIND } from "./code-actions.js";
export { docsUrl, SOURCE, type Published } from "./publish.js";

function ruleDoc(id: string): string {
  const page = rulePage(id);
  if (page !== undefined) return page;
  const info = idInfo(id);
  if (!info) return `**${id}**`;
  return `**${id}** (${info.severity})\n\n${info.summary}.${info.description === info.summary ? "" : `\n\n${info.description}`}`;
}

/** On a finding, its rule's page; on a directive name, what is known about it. */
export function hover(params: HoverParams, items: Published[], doc: TextDocument | undefined, dialect: Dialect | null, maxText: number): Hover | null {
  const pos = params.position;
  const within = (r: LspRange) =>
    (pos.line > r.start.line || (pos.line === r.start.line && pos.character >= r.start.character)) &&
    (pos.line < r.end.line || (pos.line === r.end.line && pos.character <= r.end.character));
  const hits = items.filter((i) => within(i.diagnostic.range) && typeof i.diagnostic.code === "string");
  if (hits.length) {
    const ids = [...new Set(hits.map((h) => h.diagnostic.code as string))];
    return { contents: { kind: "markdown", value: ids.map(ruleDoc).join("\n\n---\n\n") } };
  }
  if (!doc || doc.getText().length > maxText) return null;
  const lineText = doc.getText({ start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } });
  const m = /^\s*<?\/?([A-Za-z_][\w.-]*)/.exec(lineText);
  if (!m) return null;
  const start = m[0].length - m[1].length;
  if (pos.character < start || pos.character > m[0].length) return null;
  const entry = directiveEntry(m[1], dialect);
  return entry
    ? { contents: { kind: "markdown", value: entry }, range: { start: { line: pos.line, character: start }, end: { line: pos.line, character: m[0].length } } }
    : null;
}

/** What is known about a directive: the rules that look at it, and its reference page. */
function directiveEntry(name: string, dialect: Dialect | null): string | null {
  const rules = allRules().filter(
    (r) => (!dialect || r.dialect === dialect) && new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i").test(r.meta.summary),
  );
  const plugin = dialect ? dialectNamed(dialect) : undefined;
  const ref = plugin?.catalog.reference?.(name) ?? null;
  const known = plugin?.catalog.describe(name) ?? null;
  if (!ref && !rules.length && !known) return null;
  const lines = [`**${known?.name ?? name}**${dialect ? ` (${dialect})` : ""}`];
  if (known) lines.push(`Module: ${known.module} · Allowed: ${known.allowed}`);
  if (ref) lines.push(`[Reference](${ref})`);
  if (rules.length) lines.push("Checked by: " + rules.map((r) => `\`${r.meta.id}\` — ${r.meta.summary}`).join("; "));
  return lines.join("\n\n");
}
