/**
 * How config text appears in a message: bounded, on one line, and without
 * what looks like a secret. Messages reach terminals, CI logs and pull-request
 * annotations, so whatever a config holds (a password in a URL, a token in a
 * header, a 10 KB line) is shown only as a short, redacted excerpt.
 */
import { redactSecrets } from "./secrets.js";

/** The most characters of config text one message quotes in one place. */
export const QUOTE_MAX = 80;

/**
 * Control characters, line and paragraph separators and bidirectional
 * controls: as escapes, so that a message stays one line (a newline in a CI
 * log can start a workflow command) and reads as the bytes it quotes.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

export function escapeControls(text: string): string {
  return text.replace(UNPRINTABLE, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** At most `max` characters (code points, a surrogate pair is never split), with `…` when cut. */
export function capText(text: string, max = QUOTE_MAX): string {
  if (text.length <= max) return text;
  let n = 0;
  let i = 0;
  while (i < text.length && n < max - 1) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
    n++;
  }
  return i >= text.length ? text : text.slice(0, i) + "…";
}

/**
 * Config text as a message may quote it: secrets redacted (before cutting, so
 * that no half of a secret survives), on one line, at most `max` characters.
 */
export function shown(text: string, max = QUOTE_MAX): string {
  // Only the head is ever shown: a huge value is cut first, far enough out that redaction still sees a secret's end.
  const head = text.length > HEAD ? text.slice(0, HEAD) : text;
  return capText(escapeControls(redactSecrets(head)), max);
}

const HEAD = 4096;

/** The most characters of a path a message shows: a local path tells the user where the linter looked, so it gets more room. */
export const PATH_MAX = 2 * QUOTE_MAX;

/** A path as a message shows it: cut in the middle, so that both where it starts and the file's name stay readable. */
export function shownPath(p: string, max = PATH_MAX): string {
  const text = escapeControls(redactSecrets(p.length > HEAD ? p.slice(0, HEAD / 2) + p.slice(-HEAD / 2) : p));
  const points = Array.from(text);
  if (points.length <= max) return text;
  const tail = Math.ceil((max - 1) / 2);
  return points.slice(0, max - 1 - tail).join("") + "…" + points.slice(-tail).join("");
}

/**
 * A message fragment built from fixed words and config text: each
 * interpolated value is `shown()`, the words are kept. Rules pass a Phrase as
 * a message value when it is longer than one quote may be (`LoadModule x on
 * line 3 of mods.conf`); any other value is quoted as config text.
 */
export class Phrase {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function phrase(words: TemplateStringsArray, ...values: unknown[]): Phrase {
  let out = words[0];
  for (let i = 0; i < values.length; i++) out += valueText(values[i]) + words[i + 1];
  return new Phrase(out);
}

/** A message value as it is interpolated: a Phrase as built, a number as is, anything else as quoted config text. */
export function valueText(v: unknown): string {
  if (v instanceof Phrase) return v.text;
  if (typeof v === "number") return String(v);
  return shown(String(v));
}
