/**
 * The tags of a Jinja2 or ERB/EPP template, in text order, found the way the
 * template engines find them:
 *
 * - Jinja2 (Ansible, Salt): `{{ expression }}`, `{% statement %}`,
 *   `{# comment #}`, each with optional `-`/`+` whitespace control after the
 *   opening and before the closing delimiter; string literals and brackets
 *   inside a tag do not end it; `{% raw %}...{% endraw %}` is literal text.
 * - ERB (Chef) and EPP (Puppet): `<%= expression %>`, `<% code %>`,
 *   `<%# comment %>`, with `<%-` and `-%>` trim marks (and ERB's `<%==`);
 *   `<%%` is a literal `<%`.
 *
 * A tag that is never closed runs to the end of its line and is reported: the
 * template engine refuses it.
 */

export type TemplateKind = "jinja" | "erb";

export interface Tag {
  kind: "expr" | "stmt" | "comment";
  /** The whole tag, delimiters included: [start, end). */
  start: number;
  end: number;
  /** The code between the delimiters and trim marks, trimmed. */
  code: string;
  /** Where the code (or a comment's text) starts and ends. */
  codeStart: number;
  codeEnd: number;
  closed: boolean;
}

/** Brackets inside a tag: a closing delimiter inside them does not end the tag. */
const OPEN = new Set(["(", "[", "{"]);
const CLOSE = new Set([")", "]", "}"]);

/**
 * Where code that starts at `i` ends: the index of `close` at bracket depth 0,
 * outside string literals; -1 when the line (or, with `multiline`, the text) ends first.
 */
function codeEnd(text: string, i: number, close: string, multiline: boolean): number {
  let depth = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const q = c;
      for (i++; i < text.length && text[i] !== q; i++) {
        if (text[i] === "\\") i++;
        else if (text[i] === "\n" && !multiline) return -1;
      }
      i++;
      continue;
    }
    if (depth === 0 && text.startsWith(close, i)) return i;
    if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c) && depth > 0) depth--;
    else if (c === "\n" && !multiline) return -1;
    i++;
  }
  return -1;
}

/**
 * Where a tag's closing delimiter is, or -1 when it is never closed. The scan
 * stays linear on any input: once a comment finds no close, no later one
 * can; once code runs to the end of the text unclosed, later code of that
 * kind is looked for on its own line only (a template with an unclosed tag is
 * refused anyway: this only keeps the tags after it whole for the report).
 */
function findClose(
  text: string,
  kind: Tag["kind"],
  from: number,
  close: string,
  closable: { comment: boolean },
  multiline: { expr: boolean; stmt: boolean },
): number {
  if (kind === "comment") {
    const at = closable.comment ? text.indexOf(close, from) : -1;
    if (at < 0) closable.comment = false;
    return at;
  }
  const whole = multiline[kind];
  const at = codeEnd(text, from, close, whole);
  if (at < 0 && whole) multiline[kind] = false;
  return at;
}

const lineEnd = (text: string, i: number) => {
  const n = text.indexOf("\n", i);
  return n < 0 ? text.length : n > 0 && text[n - 1] === "\r" ? n - 1 : n;
};

function tag(text: string, kind: Tag["kind"], start: number, open: number, closeAt: number, closeLen: number): Tag {
  let cs = start + open;
  let ce = closeAt;
  if (text[cs] === "-" || text[cs] === "+") cs++;
  if (ce > cs && (text[ce - 1] === "-" || text[ce - 1] === "+")) ce--;
  const raw = text.slice(cs, ce);
  const lead = raw.length - raw.trimStart().length;
  const code = raw.trim();
  return { kind, start, end: closeAt + closeLen, code, codeStart: cs + lead, codeEnd: cs + lead + code.length, closed: true };
}

function unclosed(text: string, kind: Tag["kind"], start: number, open: number): Tag {
  const end = lineEnd(text, start);
  return { kind, start, end, code: text.slice(start + open, end).trim(), codeStart: start + open, codeEnd: end, closed: false };
}

/** Jinja2's tags. */
export function scanJinja(text: string): Tag[] {
  const out: Tag[] = [];
  const closable = { comment: true };
  const multiline = { expr: true, stmt: true };
  for (let i = text.indexOf("{"); i >= 0 && i < text.length; i = text.indexOf("{", i)) {
    const c = text[i + 1];
    if (c !== "{" && c !== "%" && c !== "#") {
      i++;
      continue;
    }
    const kind = c === "{" ? "expr" : c === "%" ? "stmt" : "comment";
    const close = c === "{" ? "}}" : c === "%" ? "%}" : "#}";
    const at = findClose(text, kind, i + 2, close, closable, multiline);
    const t = at < 0 ? unclosed(text, kind, i, 2) : tag(text, kind, i, 2, at, 2);
    out.push(t);
    i = t.end;
    if (kind === "stmt" && t.closed && /^raw$/.test(t.code)) {
      // Literal text up to {% endraw %}.
      const end = /\{%[-+]?\s*endraw\s*[-+]?%\}/g;
      end.lastIndex = i;
      const m = end.exec(text);
      if (!m) break;
      out.push(tag(text, "stmt", m.index, 2, m.index + m[0].length - 2, 2));
      i = m.index + m[0].length;
    }
  }
  return out;
}

/** ERB's and EPP's tags. */
export function scanErb(text: string): Tag[] {
  const out: Tag[] = [];
  const closable = { comment: true };
  const multiline = { expr: true, stmt: true };
  for (let i = text.indexOf("<%"); i >= 0 && i < text.length; i = text.indexOf("<%", i)) {
    const c = text[i + 2];
    if (c === "%") {
      i += 3; // `<%%`: a literal `<%`
      continue;
    }
    const kind = c === "#" ? "comment" : c === "=" ? "expr" : "stmt";
    // `<%==` (raw output) and `<%-` (trim) open longer.
    const open = c === "#" ? 3 : c === "=" ? (text[i + 3] === "=" ? 4 : 3) : 2;
    const at = findClose(text, kind, i + open, "%>", closable, multiline);
    const t = at < 0 ? unclosed(text, kind, i, open) : tag(text, kind, i, open, at, 2);
    out.push(t);
    i = t.end;
  }
  return out;
}

export function scanTemplate(text: string, kind: TemplateKind): Tag[] {
  return kind === "jinja" ? scanJinja(text) : scanErb(text);
}
