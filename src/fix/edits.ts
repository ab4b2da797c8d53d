/**
 * Edits as --fix carries them between passes: made on bytes, and composed
 * into one list of edits on the file as read (for the dry run's diff). Both
 * linear in the size of the file plus the number of edits.
 */
import type { TextEdit } from "../core/diagnostic.js";
import { byteOffsets, type Decoded } from "../source/decode.js";

/** Text edits (sorted, disjoint) made on the bytes the text was decoded from; inserted text is encoded as UTF-8. */
export function editBytes(bytes: Buffer, decoded: Decoded, edits: TextEdit[]): Buffer {
  const offsets: number[] = [];
  for (const e of edits) offsets.push(e.start, e.end);
  const at = byteOffsets(decoded, offsets);
  const parts: Buffer[] = [];
  let pos = 0;
  edits.forEach((e, k) => {
    parts.push(bytes.subarray(pos, at[2 * k]), Buffer.from(e.text, "utf8"));
    pos = at[2 * k + 1];
  });
  parts.push(bytes.subarray(pos));
  return Buffer.concat(parts);
}

/** A piece of a text: a range of the original text, or inserted text. */
type Segment = { from: number; to: number } | { text: string };

/**
 * `first` (edits on a text of length `length`) followed by `then` (edits on
 * the result), as edits on the original text. Both sorted and disjoint.
 */
export function composeEdits(length: number, first: TextEdit[], then: TextEdit[], file: string): TextEdit[] {
  const segs: Segment[] = [];
  let pos = 0;
  for (const e of first) {
    if (e.start > pos) segs.push({ from: pos, to: e.start });
    if (e.text) segs.push({ text: e.text });
    pos = e.end;
  }
  if (pos < length) segs.push({ from: pos, to: length });
  return toEdits(applyToSegments(segs, then), length, file);
}

const size = (s: Segment) => ("text" in s ? s.text.length : s.to - s.from);

/** The segments of the text after `edits` (offsets into the text the segments make). */
function applyToSegments(segs: Segment[], edits: TextEdit[]): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  let at = 0; // offset of segs[i] in the current text
  let cut = 0; // how much of segs[i] is already consumed
  /** Copies (keep) or drops the current text up to offset `to`. */
  const advance = (to: number, keep: boolean) => {
    while (i < segs.length && at + size(segs[i]) <= to) {
      if (keep) out.push(slice(segs[i], cut, size(segs[i])));
      at += size(segs[i]);
      i++;
      cut = 0;
    }
    if (i < segs.length && to > at + cut) {
      if (keep) out.push(slice(segs[i], cut, to - at));
      cut = to - at;
    }
  };
  for (const e of edits) {
    advance(e.start, true);
    advance(e.end, false);
    if (e.text) out.push({ text: e.text });
  }
  advance(Infinity, true);
  return out.filter((s) => size(s) > 0);
}

function slice(s: Segment, a: number, b: number): Segment {
  return "text" in s ? { text: s.text.slice(a, b) } : { from: s.from + a, to: s.from + b };
}

/** Segments back to edits on the original text: each gap between kept ranges, with the text inserted there. */
function toEdits(segs: Segment[], length: number, file: string): TextEdit[] {
  const edits: TextEdit[] = [];
  let pos = 0;
  let pending: string[] = [];
  const flush = (to: number) => {
    if (to > pos || pending.length) edits.push({ file, start: pos, end: to, text: pending.join("") });
    pending = [];
  };
  for (const s of segs) {
    if ("text" in s) pending.push(s.text);
    else {
      flush(s.from);
      pos = s.to;
    }
  }
  flush(length);
  return edits;
}
