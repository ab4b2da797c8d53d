/**
 * SARIF 2.1.0 for code scanning: the driver lists every rule (id, summary,
 * rationale, help page, default level); results point at repository-relative
 * paths with 1-based regions (exclusive end column); fixes where a rule has one.
 */
import type { Severity } from "../engine/diagnostic.js";
import { idInfos } from "./meta.js";
import { fileUrl, relativePath, uriReference, type Formatter } from "./types.js";

const LEVEL: Record<Severity, string> = { error: "error", warning: "warning", info: "note" };

export const sarif: Formatter = (run, ctx) => {
  const infos = idInfos(run);
  const index = new Map(infos.map((r, i) => [r.id, i]));
  const uri = (file: string) => uriReference(relativePath(ctx.cwd, file));
  const results = run.results.flatMap((r) =>
    r.messages.map((m) => ({
      ...(m.ruleId ? { ruleId: m.ruleId } : {}),
      ...(m.ruleId && index.has(m.ruleId) ? { ruleIndex: index.get(m.ruleId) } : {}),
      level: LEVEL[m.severity],
      message: { text: m.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uri(m.file), uriBaseId: "%SRCROOT%" },
            region: { startLine: m.range.line, startColumn: m.range.column, endLine: m.range.endLine, endColumn: m.range.endColumn, charOffset: m.range.start, charLength: m.range.end - m.range.start },
          },
        },
      ],
      ...(m.fix
        ? {
            fixes: [
              {
                description: { text: m.fix.title },
                artifactChanges: groupByFile(m.fix.edits).map(([file, edits]) => ({
                  artifactLocation: { uri: uri(file), uriBaseId: "%SRCROOT%" },
                  replacements: edits.map((e) => ({ deletedRegion: { charOffset: e.start, charLength: e.end - e.start }, insertedContent: { text: e.text } })),
                })),
              },
            ],
          }
        : {}),
    })),
  );
  const root = ctx.cwd.endsWith("/") ? ctx.cwd : ctx.cwd + "/";
  return JSON.stringify(
    {
      $schema: "https://json.schemastore.org/sarif-2.1.0.json",
      version: "2.1.0",
      runs: [
        {
          tool: {
            driver: {
              name: "djlint-conf",
              ...(ctx.version ? { version: ctx.version, semanticVersion: ctx.version } : {}),
              rules: infos.map((r) => ({
                id: r.id,
                name: r.id,
                shortDescription: { text: r.summary },
                fullDescription: { text: r.description },
                ...(ctx.docsUrl?.(r.id) ? { helpUri: ctx.docsUrl(r.id) } : {}),
                defaultConfiguration: { level: LEVEL[r.severity] },
              })),
            },
          },
          originalUriBaseIds: { "%SRCROOT%": { uri: fileUrl(root) } },
          columnKind: "utf16CodeUnits",
          results,
        },
      ],
    },
    null,
    2,
  );
};

function groupByFile<E extends { file: string }>(edits: E[]): [string, E[]][] {
  const m = new Map<string, E[]>();
  for (const e of edits) {
    const list = m.get(e.file);
    if (list) list.push(e);
    else m.set(e.file, [e]);
  }
  return [...m];
}
