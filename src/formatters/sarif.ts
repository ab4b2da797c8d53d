/**
 * SARIF 2.1.0, shaped for GitHub code scanning: the driver lists every rule
 * (summary, rationale, its documentation page as help, default level, tags,
 * and for security rules a `security-severity`); results carry regions
 * (1-based, exclusive end column), fixes where a rule has one, and
 * fingerprints that survive edits above them. Files under the working
 * directory are relative URIs under %SRCROOT%; others are absolute file URIs.
 */
import path from "node:path";
import type { Diagnostic, Severity } from "../core/diagnostic.js";
import type { Range } from "../core/range.js";
import { cvssBaseScore } from "./cvss.js";
import { fingerprinter } from "./fingerprint.js";
import { helpText } from "../docs/help.js";
import { idInfos, idTags, type IdInfo } from "./meta.js";
import { fileUrl, uriReference, type Formatter } from "./types.js";
import { unreadableNote } from "../load/unreadable.js";

const LEVEL: Record<Severity, string> = { error: "error", warning: "warning", info: "note" };

/** The key of our fingerprint in `partialFingerprints` (versioned, as SARIF recommends). */
export const FINGERPRINT_KEY = "djlintConf/v1";

/** Where a file is: relative and percent-encoded under %SRCROOT% when it lies under `cwd`, else an absolute file URI. */
export function artifactLocation(cwd: string, file: string): { uri: string; uriBaseId?: string } {
  const rel = path.relative(cwd, file);
  const parts = rel.split(path.sep);
  if (rel && parts[0] !== ".." && !path.isAbsolute(rel)) return { uri: uriReference(parts.join("/")), uriBaseId: "%SRCROOT%" };
  return { uri: fileUrl(file) };
}

function ruleDescriptor(r: IdInfo, ctx: Parameters<Formatter>[1]) {
  const help = helpText(r, ctx.docsPage?.(r.id));
  const tags = idTags(r);
  const helpUri = ctx.docsUrl?.(r.id);
  return {
    id: r.id,
    name: r.id,
    shortDescription: { text: r.summary },
    fullDescription: { text: r.description, markdown: r.description },
    help: { text: help, markdown: help },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: LEVEL[r.severity] },
    ...(tags.length ? { properties: { tags, ...(r.security ? { "security-severity": cvssBaseScore(r.security.cvss).toFixed(1) } : {}) } } : {}),
  };
}

export const sarif: Formatter = (run, ctx) => {
  const infos = idInfos(run);
  const index = new Map(infos.map((r, i) => [r.id, i]));
  const fingerprint = fingerprinter(ctx.cwd);
  const results = run.results.flatMap((r) =>
    r.messages.map((m) => ({
      ...(m.ruleId ? { ruleId: m.ruleId } : {}),
      ...(m.ruleId && index.has(m.ruleId) ? { ruleIndex: index.get(m.ruleId) } : {}),
      level: LEVEL[m.severity],
      message: { text: m.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(ctx.cwd, m.file),
            region: regionOf(m.range),
          },
        },
      ],
      // The other side of a cross-file finding (the settings line behind a proxy finding), numbered as SARIF wants.
      ...(m.related?.length
        ? {
            relatedLocations: m.related.map((x, i) => ({
              id: i + 1,
              physicalLocation: { artifactLocation: artifactLocation(ctx.cwd, x.file), region: regionOf(x.range) },
              message: { text: x.message },
            })),
          }
        : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(m) },
      ...(m.fix ? { fixes: [sarifFix(m.fix, ctx.cwd)] } : {}),
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
              rules: infos.map((r) => ruleDescriptor(r, ctx)),
            },
          },
          originalUriBaseIds: { "%SRCROOT%": { uri: fileUrl(root) } },
          columnKind: "utf16CodeUnits",
          // Run-level notes (not findings): production paths the checks could not read.
          ...(run.unreadable?.length
            ? {
                invocations: [
                  {
                    executionSuccessful: true,
                    toolExecutionNotifications: [
                      {
                        level: "note",
                        descriptor: { id: "unreadable-paths" },
                        message: { text: unreadableNote(run.unreadable) },
                        properties: { paths: run.unreadable },
                      },
                    ],
                  },
                ],
              }
            : {}),
          results,
        },
      ],
    },
    null,
    2,
  );
};

/** A fix as SARIF's `fix`: its replacements grouped by file. */
function sarifFix(fix: NonNullable<Diagnostic["fix"]>, cwd: string) {
  return {
    description: { text: fix.title },
    artifactChanges: groupByFile(fix.edits).map(([file, edits]) => ({
      artifactLocation: artifactLocation(cwd, file),
      replacements: edits.map((e) => ({ deletedRegion: { charOffset: e.start, charLength: e.end - e.start }, insertedContent: { text: e.text } })),
    })),
  };
}

function regionOf(r: Range) {
  return { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn, charOffset: r.start, charLength: r.end - r.start };
}

function groupByFile<E extends { file: string }>(edits: E[]): [string, E[]][] {
  const m = new Map<string, E[]>();
  for (const e of edits) {
    const list = m.get(e.file);
    if (list) list.push(e);
    else m.set(e.file, [e]);
  }
  return [...m];
}
