/** The Fixer rules use: minimal edits that keep quoting, indentation and line endings. */
import type { ApacheNode, ApacheSection } from "../ast/apache.js";
import type { ArgNode } from "../ast/types.js";
import type { Positioned } from "../core/range.js";
import type { Fixer } from "../rule-api.js";
import type { SourceFile } from "../source/source-file.js";
import type { TextEdit } from "../core/diagnostic.js";

export function createFixer(sourceOf: (file: string) => SourceFile | undefined): Fixer {
  const text = (file: string) => sourceOf(file)?.text ?? "";
  const { eolOf, lineStart, nextNewline, indentAt } = lineIndex();
  /** Lines inserted at the start of the line after `offset` (or at the end of the file). */
  const linesAfter = (file: string, offset: number, indent: string, lines: string[]): TextEdit => {
    const t = text(file);
    const eol = eolOf(t);
    const block = lines.map((l) => indent + l).join(eol);
    const at = nextNewline(t, offset);
    if (at < 0) return { file, start: t.length, end: t.length, text: eol + block + eol };
    return { file, start: at + 1, end: at + 1, text: block + eol };
  };
  return {
    replaceArg(arg: ArgNode, value: string): TextEdit {
      return { file: arg.file, start: arg.range.start, end: arg.range.end, text: quotedLike(arg, value) };
    },
    insertLinesAfter(node: ApacheNode, lines: string[]): TextEdit {
      const t = text(node.file);
      return linesAfter(node.file, node.range.end, indentAt(t, node.range.start), lines);
    },
    insertIntoSection(section: ApacheSection, lines: string[]): TextEdit {
      const t = text(section.file);
      const first = section.children.find((c) => c.file === section.file);
      const indent = first ? indentAt(t, first.range.start) : indentAt(t, section.openRange.start) + "    ";
      return linesAfter(section.file, section.openRange.end, indent, lines);
    },
    insertLinesBefore(at: Positioned, lines: string[]): TextEdit {
      const t = text(at.file);
      const start = lineStart(t, at.range.start);
      const before = t.slice(start, at.range.start);
      if (/^[ \t]*$/.test(before)) {
        const eol = eolOf(t);
        return { file: at.file, start, end: start, text: lines.map((l) => before + l + eol).join("") };
      }
      return { file: at.file, start: at.range.start, end: at.range.start, text: lines.join(" ") + " " };
    },
    replaceRange(at: Positioned, replacement: string): TextEdit {
      return { file: at.file, start: at.range.start, end: at.range.end, text: replacement };
    },
    removeLines(node: ApacheNode): TextEdit {
      const t = text(node.file);
      const start = lineStart(t, node.range.start);
      const nl = nextNewline(t, node.range.end);
      return { file: node.file, start, end: nl < 0 ? t.length : nl + 1, text: "" };
    },
    removeArg(arg: ArgNode): TextEdit {
      const t = text(arg.file);
      let start = arg.range.start;
      while (start > 0 && (t[start - 1] === " " || t[start - 1] === "\t")) start--;
      return { file: arg.file, start, end: arg.range.end, text: "" };
    },
  };
}

/** A value written as an argument is: in the argument's own quotes (escaped), quoted when it needs it, else bare. */
function quotedLike(arg: ArgNode, value: string): string {
  if (arg.quote)
    return (
      arg.quote +
      value
        .replace(/\\/g, "\\\\")
        .split(arg.quote)
        .join("\\" + arg.quote) +
      arg.quote
    );
  if (/[\s"']/.test(value) || value === "") return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  return value;
}

/**
 * Line ends, line starts and indentation of texts: found by a short look
 * around the offset, or on a long line from an index of the text built once:
 * a rule may offer a fix on every line of a large file, and scanning the text
 * (or a long line) for each would make the run quadratic.
 */
/** Characters looked at around an offset before the newline index of the file is built. */
const NEAR = 512;

function lineIndex() {
  const eols = new Map<string, string>();
  const eolOf = (t: string) => {
    let eol = eols.get(t);
    if (eol === undefined) eols.set(t, (eol = t.includes("\r\n") ? "\r\n" : "\n"));
    return eol;
  };
  const newlines = new Map<string, number[]>();
  /** Offsets of every "\n" in a text, ascending. */
  const newlinesOf = (t: string) => {
    let nl = newlines.get(t);
    if (!nl) {
      nl = [];
      for (let i = t.indexOf("\n"); i >= 0; i = t.indexOf("\n", i + 1)) nl.push(i);
      newlines.set(t, nl);
    }
    return nl;
  };
  /**
   * t.lastIndexOf("\n", offset - 1) + 1 and t.indexOf("\n", offset): a look at the next NEAR characters, then (a
   * long line) a binary search in the file's newlines. Indexing every file with a fix made its first fix cost a
   * scan of the whole file, whichever rule offered it (a rule with one finding in a large file paid for the file).
   */
  const lineStart = (t: string, offset: number) => {
    for (let i = offset - 1, stop = Math.max(0, offset - NEAR); i >= stop; i--) if (t.charCodeAt(i) === 10) return i + 1;
    if (offset <= NEAR) return 0;
    const nl = newlinesOf(t);
    const i = firstAtOrAfter(nl, offset);
    return i > 0 ? nl[i - 1] + 1 : 0;
  };
  const nextNewline = (t: string, offset: number) => {
    for (let i = offset, stop = Math.min(t.length, offset + NEAR); i < stop; i++) if (t.charCodeAt(i) === 10) return i;
    if (offset + NEAR >= t.length) return -1;
    const nl = newlinesOf(t);
    const i = firstAtOrAfter(nl, offset);
    return i < nl.length ? nl[i] : -1;
  };
  const indentAt = (t: string, offset: number) => /^[ \t]*/.exec(t.slice(lineStart(t, offset), offset))?.[0] ?? "";
  return { eolOf, lineStart, nextNewline, indentAt };
}

/** The index of the first item >= x in an ascending list (its length when none). */
function firstAtOrAfter(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
