/**
 * Bytes -> text, the one way every part of djlint-conf reads a file: UTF-8,
 * a byte-order mark kept as U+FEFF (the grammars report it), and each invalid
 * sequence replaced by one U+FFFD exactly as the WHATWG decoder (TextDecoder,
 * Buffer#toString) does, so that positions agree with editors and the LSP.
 *
 * A decoded file also knows which U+FFFD stand for invalid bytes and how many,
 * which is what maps text offsets back to byte offsets: --fix edits the bytes,
 * and everything outside the edited ranges is written back byte for byte
 * (Latin-1 comments, CRLF, a BOM, stray bytes).
 */
import { isUtf8 } from "node:buffer";

export interface Decoded {
  text: string;
  /** Text offsets of the U+FFFD that replace invalid bytes, ascending; empty for valid UTF-8. */
  badAt: number[];
  /** How many bytes each of those replaces (1 to 3). */
  badLen: number[];
}

export function decodeBytes(bytes: Uint8Array): Decoded {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buf)) return { text: buf.toString("utf8"), badAt: [], badLen: [] };
  return decodeInvalid(buf);
}

/** True when the bytes were valid UTF-8 (nothing was replaced). */
export const isValid = (d: Decoded) => d.badAt.length === 0;

/**
 * The WHATWG UTF-8 decoder (encoding.spec.whatwg.org, "UTF-8 decoder"), noting
 * each replacement. Valid runs are decoded by Buffer in one call each.
 */
function decodeInvalid(buf: Buffer): Decoded {
  const parts: string[] = [];
  const badAt: number[] = [];
  const badLen: number[] = [];
  let textLen = 0;
  let runStart = 0;
  const replace = (at: number, len: number) => {
    if (at > runStart) {
      const s = buf.toString("utf8", runStart, at);
      parts.push(s);
      textLen += s.length;
    }
    badAt.push(textLen);
    badLen.push(len);
    parts.push("\uFFFD");
    textLen += 1;
    runStart = at + len;
  };
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else {
      replace(i, 1);
      i++;
      continue;
    }
    // The lead byte and each continuation byte that fits make the sequence; the first misfit ends it (and is read again).
    let seen = 0;
    while (seen < need && i + 1 + seen < n) {
      const c = buf[i + 1 + seen];
      if (c < lower || c > upper) break;
      lower = 0x80;
      upper = 0xbf;
      seen++;
    }
    if (seen === need) {
      i += need + 1;
      continue;
    }
    replace(i, seen + 1);
    i += seen + 1;
  }
  if (runStart < n) parts.push(buf.toString("utf8", runStart, n));
  return { text: parts.join(""), badAt, badLen };
}

/** UTF-8 length of the code unit at `i` of `t` (a surrogate pair counts 4 on its first unit, 0 on its second). */
function unitBytes(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = t.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff ? 4 : 3;
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const p = t.charCodeAt(i - 1);
    return i > 0 && p >= 0xd800 && p <= 0xdbff ? 0 : 3;
  }
  return 3;
}

/**
 * Byte offsets of ascending text offsets, in one walk over the text: each
 * code unit counts its UTF-8 length, except a replacement U+FFFD, which counts
 * the invalid bytes it stands for.
 */
export function byteOffsets(d: Decoded, offsets: number[]): number[] {
  const out: number[] = new Array(offsets.length);
  const t = d.text;
  let i = 0;
  let b = 0;
  let bad = 0;
  for (let k = 0; k < offsets.length; k++) {
    const target = offsets[k];
    if (target < i) throw new Error("byteOffsets: offsets must ascend");
    for (; i < target; i++) {
      while (bad < d.badAt.length && d.badAt[bad] < i) bad++;
      b += bad < d.badAt.length && d.badAt[bad] === i ? d.badLen[bad] : unitBytes(t, i);
    }
    out[k] = b;
  }
  return out;
}
