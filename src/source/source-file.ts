/**
 * A file's text and the offset <-> line/column mapping every position in the
 * project comes from. Offsets are 0-based UTF-16 indexes into `text`; lines and
 * columns are 1-based, columns counted in UTF-16 code units (as ESLint, SARIF
 * and LSP clients expect). `\n`, `\r\n` and a lone `\r` each end a line, as
 * editors count them.
 */
import type { Range } from "../core/range.js";

export class SourceFile {
  readonly path: string;
  readonly text: string;
  private lineStarts: number[] | undefined;
  /** The line of the last offset looked up (see lineIndex). */
  private lastLine = 0;

  constructor(path: string, text: string) {
    this.path = path;
    this.text = text;
  }

  private starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    const t = this.text;
    // indexOf and a regular expression search natively: a character loop runs interpreted in a short lint (a
    // settings module read once), several times slower.
    if (!t.includes("\r")) for (let i = t.indexOf("\n"); i !== -1; i = t.indexOf("\n", i + 1)) starts.push(i + 1);
    else for (const m of t.matchAll(/\r\n?|\n/g)) starts.push(m.index + m[0].length);
    this.lineStarts = starts;
    return starts;
  }

  /** 0-based index of the line holding an offset. */
  private lineIndex(offset: number): number {
    const starts = this.starts();
    // Parsers ask in text order: the line of the previous answer, or the next one, is the usual answer.
    const last = this.lastLine;
    if (starts[last] <= offset) {
      if (last + 1 >= starts.length || offset < starts[last + 1]) return last;
      if (last + 2 >= starts.length || offset < starts[last + 2]) return (this.lastLine = last + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return (this.lastLine = lo);
  }

  /** 1-based line and column of a 0-based offset. */
  position(offset: number): { line: number; column: number } {
    const i = this.lineIndex(offset);
    return { line: i + 1, column: offset - this.starts()[i] + 1 };
  }

  /** Offset of the start of a 1-based line. */
  lineStart(line: number): number {
    const starts = this.starts();
    return starts[Math.min(Math.max(line - 1, 0), starts.length - 1)];
  }

  get lineCount(): number {
    return this.starts().length;
  }

  /** A range from 0-based offsets [start, end). */
  range(start: number, end: number): Range {
    const starts = this.starts();
    const s = this.lineIndex(start);
    const e = end === start ? s : this.lineIndex(end);
    return { start, end, line: s + 1, column: start - starts[s] + 1, endLine: e + 1, endColumn: end - starts[e] + 1 };
  }
}
