/**
 * Template expressions (`{{ server_name }}`, `<%= @port %>`) as the grammars
 * see them: a run of private-use characters as long as the expression, so
 * that every offset, line and column stays the template's own. The grammars
 * read such a run as (part of) one word, the models and rules read it as a
 * value that cannot be known (like an environment variable), and messages show
 * the expression as written.
 *
 * A placeholder is START, two characters that identify the expression's text
 * (a hash), then FILL to its length. Two placeholders side by side stay
 * apart (each begins with START), and the same expression gives the same
 * placeholder wherever it appears.
 */

/** Every placeholder character lies in the Private Use Area (U+E000..U+F8FF), which no configuration uses. */
export const PLACEHOLDER_CHARS = /[\ue000-\uf8ff]/;
const PLACEHOLDER_RUN = /\uf8ff[\ue000-\uf8fd]{0,2}\uf8fe*/g;
const START = "\uf8ff";
const FILL = "\uf8fe";
/** Hash digits: U+E000 onwards, below FILL. */
const DIGITS = 0xf8fe - 0xe000;

/** Whether a value holds a template placeholder: nothing about it can be known. */
export function isOpaque(value: string): boolean {
  return PLACEHOLDER_CHARS.test(value);
}

/** Expressions by their placeholder's identifying head, for messages (bounded: an editor lints for hours). */
const shown = new Map<string, string>();
const MAX_SHOWN = 20_000;

function hashOf(s: string): number {
  // FNV-1a, 32 bits
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The placeholder for an expression written as `source` (its full text, delimiters included), `length` characters long.
 * Needs length >= 1; shorter expressions than three characters keep only part of the head.
 */
export function placeholderFor(source: string, length: number): string {
  const h = hashOf(source.trim());
  const head = START + String.fromCharCode(0xe000 + (h % DIGITS), 0xe000 + (Math.floor(h / DIGITS) % DIGITS));
  if (shown.size >= MAX_SHOWN) shown.clear();
  shown.set(head, source.replace(/\s+/g, " ").trim());
  return length <= head.length ? head.slice(0, length) : head + FILL.repeat(length - head.length);
}

/** A text (a message, a value) with each placeholder shown as the expression it stands for. */
export function showTemplateText(s: string): string {
  if (!PLACEHOLDER_CHARS.test(s)) return s;
  return s.replace(PLACEHOLDER_RUN, (run) => shown.get(run.slice(0, 3)) ?? "{{…}}").replace(/[\ue000-\uf8ff]/g, "");
}
