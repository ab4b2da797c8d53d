/**
 * What the engine keeps true of templates whatever a rule does:
 * - no finding points at a placeholder: a word (a directive name, an
 *   argument) that is nothing but a template expression, whose value is not
 *   known, as with an environment variable. A word that is only partly one
 *   (`{{ app_root }}/static/`) is for the rules to weigh: the models read it
 *   as unknown where the unknown part matters (src/model: isOpaque);
 * - no fix edits a template tag, nor inside one (the fix is dropped and the
 *   finding stays);
 * - messages show expressions as written (`{{ server_name }}`), not as the
 *   placeholders the grammars read.
 */
import type { Range } from "../core/range.js";
import type { TextEdit } from "../core/diagnostic.js";
import type { SourceFile } from "../source/source-file.js";
import type { TemplateInfo } from "./parse.js";
import type { TemplateSpan } from "./map.js";
import { showTemplateText } from "./placeholder.js";

interface FileSpans {
  text: string;
  /** Every tag, sorted by start. */
  tags: TemplateSpan[];
  /** Blank-delimited words that are nothing but expressions (and quotes, or a `;` or `,` after them), sorted by start. */
  words: { start: number; end: number }[];
}

const isBlank = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\r";

export class TemplateGuard {
  private files = new Map<string, FileSpans>();

  constructor(files: Iterable<{ path: string; source: SourceFile; template?: TemplateInfo }>) {
    for (const f of files) {
      if (!f.template) continue;
      const text = f.source.text;
      const exprs = f.template.spans.filter((t) => t.kind === "expr");
      const words: { start: number; end: number; exprs: TemplateSpan[] }[] = [];
      // Each character is scanned once: an expression inside the last word joins it without a scan.
      for (const t of exprs) {
        const last = words[words.length - 1];
        if (last && t.start < last.end) {
          last.exprs.push(t);
          let e = Math.max(last.end, t.end);
          while (e < text.length && !isBlank(text[e])) e++;
          last.end = e;
          continue;
        }
        let s = t.start;
        let e = t.end;
        while (s > 0 && !isBlank(text[s - 1])) s--;
        while (e < text.length && !isBlank(text[e])) e++;
        words.push({ start: s, end: e, exprs: [t] });
      }
      this.files.set(f.path, { text, tags: f.template.spans, words: words.filter((w) => onlyExpressions(text, w)) });
    }
  }

  get active(): boolean {
    return this.files.size > 0;
  }

  /** Whether a finding's range lies within a word that holds a placeholder. */
  hides(file: string, range: Range): boolean {
    const f = this.files.get(file);
    if (!f) return false;
    const w = containing(f.words, range.start);
    return w !== null && range.end <= w.end;
  }

  /** Whether any edit replaces or inserts into a template tag. */
  touches(edits: TextEdit[]): boolean {
    return edits.some((e) => {
      const f = this.files.get(e.file);
      if (!f) return false;
      const t = lastStartingBefore(f.tags, e.end);
      if (!t) return false;
      // An insertion at a tag's edge leaves the tag whole; anything else overlapping it does not.
      return e.start === e.end ? e.start > t.start && e.start < t.end : e.start < t.end && e.end > t.start;
    });
  }

  /** A message with placeholders shown as the expressions they stand for. */
  show(message: string): string {
    return this.active ? showTemplateText(message) : message;
  }
}

/** Whether a word's text outside its expressions is at most quotes and a closing `;` or `,`. */
function onlyExpressions(text: string, w: { start: number; end: number; exprs: TemplateSpan[] }): boolean {
  let at = w.start;
  let rest = "";
  for (const x of w.exprs) {
    rest += text.slice(at, x.start);
    at = x.end;
  }
  rest += text.slice(at, w.end);
  return /^["';,]*$/.test(rest);
}

/** The span that holds `offset` (start <= offset < end), by binary search over spans sorted by start. */
function containing(spans: { start: number; end: number }[], offset: number): { start: number; end: number } | null {
  const s = lastStartingBefore(spans, offset + 1);
  return s && offset < s.end ? s : null;
}

/** The last span whose start is below `limit`. Overlapping tags cannot occur, so the last is the only candidate. */
function lastStartingBefore<S extends { start: number }>(spans: S[], limit: number): S | null {
  let lo = 0;
  let hi = spans.length - 1;
  let found: S | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start < limit) {
      found = spans[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
