/**
 * A unified diff of a fixed file, for --fix-dry-run. With the fix's edits
 * known, only the lines each group of edits touches are diffed (a generic
 * line diff of the whole file is O(N·D): 20,000 fixes in one file took more
 * than 15 minutes), the unchanged lines between them are known to be equal,
 * and the hunks are built from that as jsdiff builds them: linear in the file
 * plus the edits.
 */
import { createTwoFilesPatch, diffLines, formatPatch, type StructuredPatch } from "diff";
import type { TextEdit } from "../core/diagnostic.js";

const CONTEXT = 2;

export function unifiedDiff(file: string, before: string, after: string, edits?: TextEdit[]): string {
  const name = quotedName(file);
  const text = edits
    ? formatPatch({ oldFileName: name, newFileName: name, oldHeader: "", newHeader: "fixed", hunks: hunksOf(changesOf(before, edits)) })
    : createTwoFilesPatch(name, name, before, after, "", "fixed", { context: CONTEXT });
  return text.replace(/^=+\n/, "").trimEnd();
}

/** A run of lines (each with its line ending) that are equal, removed or added. */
interface Change {
  kind: " " | "-" | "+";
  lines: string[];
}

/** The file as runs of lines: equal between the groups of edits, diffed within each group. */
function changesOf(before: string, edits: TextEdit[]): Change[] {
  const lines = before.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) {
    starts.push(at);
    at += l.length;
  }
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const out: Change[] = [];
  let next = 0; // first line not yet in `out`
  for (let i = 0; i < edits.length;) {
    // A group: the edits whose lines meet, with the whole lines they touch.
    const first = lineOf(edits[i].start);
    let last = lineOf(edits[i].end);
    let j = i + 1;
    while (j < edits.length && lineOf(edits[j].start) <= last) last = Math.max(last, lineOf(edits[j++].end));
    if (first > next) out.push({ kind: " ", lines: lines.slice(next, first) });
    const from = starts[first] ?? before.length;
    const to = last + 1 < lines.length ? starts[last + 1] : before.length;
    const parts: string[] = [];
    let pos = from;
    for (let k = i; k < j; k++) {
      parts.push(before.slice(pos, edits[k].start), edits[k].text);
      pos = edits[k].end;
    }
    parts.push(before.slice(pos, to));
    out.push(...diffGroup(before.slice(from, to), parts.join("")));
    next = Math.max(next, last + 1);
    i = j;
  }
  if (next < lines.length) out.push({ kind: " ", lines: lines.slice(next) });
  return out;
}

const splitLines = (s: string) => s.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/** jsdiff's line diff of one group (small); a group too different to diff cheaply is shown whole. */
function diffGroup(old: string, now: string): Change[] {
  const d = diffLines(old, now, { maxEditLength: 2000 });
  if (!d)
    return [
      { kind: "-", lines: splitLines(old) },
      { kind: "+", lines: splitLines(now) },
    ];
  return d.map((c) => ({ kind: c.added ? "+" : c.removed ? "-" : " ", lines: splitLines(c.value) }));
}

/** Hunks with CONTEXT lines around changes, joined when fewer than 2·CONTEXT equal lines part them (as jsdiff's structuredPatch). */
function hunksOf(changes: Change[]): StructuredPatch["hunks"] {
  // Runs of equal lines, and between them the lines removed then the lines added.
  const merged: Change[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  for (const c of changes) {
    if (c.kind === "-") removed.push(...c.lines);
    else if (c.kind === "+") added.push(...c.lines);
    else if (c.lines.length) {
      if (removed.length) merged.push({ kind: "-", lines: removed });
      if (added.length) merged.push({ kind: "+", lines: added });
      removed = [];
      added = [];
      const last = merged[merged.length - 1];
      if (last?.kind === " ") last.lines.push(...c.lines);
      else merged.push({ kind: " ", lines: [...c.lines] });
    }
  }
  if (removed.length) merged.push({ kind: "-", lines: removed });
  if (added.length) merged.push({ kind: "+", lines: added });
  merged.push({ kind: " ", lines: [] });
  const hunks: StructuredPatch["hunks"] = [];
  let oldStart = 0;
  let newStart = 0;
  let cur: string[] = [];
  let oldLine = 1;
  let newLine = 1;
  merged.forEach((c, i) => {
    if (c.kind !== " ") {
      if (!oldStart) {
        const prev = merged[i - 1];
        oldStart = oldLine;
        newStart = newLine;
        cur = prev ? prev.lines.slice(-CONTEXT).map((l) => " " + l) : [];
        oldStart -= cur.length;
        newStart -= cur.length;
      }
      for (const l of c.lines) cur.push(c.kind + l);
      if (c.kind === "+") newLine += c.lines.length;
      else oldLine += c.lines.length;
      return;
    }
    if (oldStart) {
      if (c.lines.length <= CONTEXT * 2 && i < merged.length - 2) for (const l of c.lines) cur.push(" " + l);
      else {
        const n = Math.min(c.lines.length, CONTEXT);
        for (const l of c.lines.slice(0, n)) cur.push(" " + l);
        hunks.push({ oldStart, oldLines: oldLine - oldStart + n, newStart, newLines: newLine - newStart + n, lines: cur });
        oldStart = 0;
        newStart = 0;
        cur = [];
      }
    }
    oldLine += c.lines.length;
    newLine += c.lines.length;
  });
  for (const h of hunks) {
    const lines: string[] = [];
    for (const l of h.lines) {
      if (l.endsWith("\n")) lines.push(l.slice(0, -1));
      else lines.push(l, "\\ No newline at end of file");
    }
    h.lines = lines;
  }
  return hunks;
}

/**
 * A file name for a patch header, quoted as git quotes it when it holds a
 * control character, a quote or a backslash (`"a\nb"`): a raw newline would
 * end the header line and make the rest of the name a line of the patch.
 */
export function quotedName(file: string): string {
  if (!/[\u0000-\u001f\u007f"\\]/.test(file)) return file;
  const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\" };
  return `"${file.replace(/[\u0000-\u001f\u007f"\\]/g, (c) => named[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, "0")}`)}"`;
}
