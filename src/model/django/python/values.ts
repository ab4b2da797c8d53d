/**
 * The values the settings evaluator knows. Anything it cannot compute without
 * running code is `unknown`, with a reason a user can act on; when the value
 * comes from the environment and the code names a fallback, `default` holds
 * what the setting is when nothing overrides it ("default, may be
 * overridden"). Values are plain data, so they print as JSON.
 */
import { setOwn } from "../../../core/own.js";

/** Where a value was written: file (server path) and range. */
export interface Location {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  start: number;
  end: number;
}

export type PyValue =
  | { kind: "str"; value: string }
  | { kind: "num"; value: number }
  | { kind: "bool"; value: boolean }
  | { kind: "none" }
  | { kind: "list" | "tuple" | "set"; items: PyValue[] }
  | { kind: "dict"; entries: [PyValue, PyValue][] }
  | { kind: "path"; value: string }
  /** `env`: the environment variable the value is read from (`os.environ.get("GUNICORN_BIND", ...)`), when it is one. */
  /**
   * `alternatives`: every value the name may hold, when it is unknown only because an `if` the linter cannot decide
   * chose between branches that each set it to a known value (`if DEBUG: MIDDLEWARE.insert(0, ...)`); a superset of
   * what Python may give it, so that what holds in every alternative holds. Dropped by any later change. Computed
   * when first asked (the branches are run again then), undefined when not every way gives a known value.
   */
  | { kind: "unknown"; reason: string; default?: PyValue; env?: string; alternatives?: () => PyValue[] | undefined }
  /** Modules, functions and objects the evaluator models (os.path, pathlib.Path, an environ.Env()...): never a setting's value. */
  | { kind: "builtin"; name: string; env?: EnvLib; scheme?: Record<string, PyValue>; self?: PyValue; via?: string };

export type EnvLib = "django-environ" | "environs" | "typenv" | "decouple";

export const str = (value: string): PyValue => ({ kind: "str", value });
export const num = (value: number): PyValue => ({ kind: "num", value });
export const bool = (value: boolean): PyValue => ({ kind: "bool", value });
export const NONE: PyValue = { kind: "none" };
export const unknown = (reason: string, dflt?: PyValue): PyValue =>
  dflt === undefined ? { kind: "unknown", reason } : { kind: "unknown", reason, default: dflt };
export const builtin = (name: string, extra: Partial<Extract<PyValue, { kind: "builtin" }>> = {}): PyValue => ({ kind: "builtin", name, ...extra });

export const isUnknown = (v: PyValue): v is Extract<PyValue, { kind: "unknown" }> => v.kind === "unknown";

/** Does the value hold an unknown anywhere (a list with one unknown item is not fully known)? */
export function hasUnknown(v: PyValue, depth = 0): boolean {
  if (depth > 64) return true;
  switch (v.kind) {
    case "unknown":
    case "builtin":
      return true;
    case "list":
    case "tuple":
    case "set":
      return v.items.some((i) => hasUnknown(i, depth + 1));
    case "dict":
      return v.entries.some(([k, x]) => hasUnknown(k, depth + 1) || hasUnknown(x, depth + 1));
    default:
      return false;
  }
}

/** Python truthiness, or null when it cannot be known. */
export function truthy(v: PyValue): boolean | null {
  switch (v.kind) {
    case "str":
    case "path":
      return v.kind === "path" ? true : v.value.length > 0;
    case "num":
      return v.value !== 0;
    case "bool":
      return v.value;
    case "none":
      return false;
    case "list":
    case "tuple":
    case "set":
      return v.items.length > 0;
    case "dict":
      return v.entries.length > 0;
    default:
      return null;
  }
}

/** Python equality of two known values, or null. */
export function equal(a: PyValue, b: PyValue, depth = 0): boolean | null {
  if (depth > 64 || hasUnknown(a) || hasUnknown(b)) return null;
  const numeric = (v: PyValue) => (v.kind === "num" ? v.value : v.kind === "bool" ? Number(v.value) : null);
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== null && nb !== null) return na === nb;
  if (a.kind === "none" || b.kind === "none") return a.kind === b.kind;
  if ((a.kind === "str" && b.kind === "str") || (a.kind === "path" && b.kind === "path")) return a.value === b.value;
  if ((a.kind === "list" && b.kind === "list") || (a.kind === "tuple" && b.kind === "tuple")) {
    if (a.items.length !== b.items.length) return false;
    for (let i = 0; i < a.items.length; i++) {
      const e = equal(a.items[i], b.items[i], depth + 1);
      if (e !== true) return e;
    }
    return true;
  }
  if (a.kind === "dict" && b.kind === "dict") {
    if (a.entries.length !== b.entries.length) return false;
    for (const [k, v] of a.entries) {
      const other = b.entries.find(([k2]) => equal(k, k2, depth + 1) === true);
      if (!other || equal(v, other[1], depth + 1) !== true) return false;
    }
    return true;
  }
  return a.kind === b.kind ? null : false;
}

/** The value as JSON: str, number, boolean, null, arrays and objects (dict keys as strings); unknown parts as `{ "unknown": reason }`. */
export function toJSON(v: PyValue, depth = 0): unknown {
  if (depth > 64) return { unknown: "nested too deeply" };
  switch (v.kind) {
    case "str":
    case "num":
    case "bool":
    case "path":
      return v.value;
    case "none":
      return null;
    case "list":
    case "tuple":
    case "set":
      return v.items.map((i) => toJSON(i, depth + 1));
    case "dict": {
      const o: Record<string, unknown> = {};
      for (const [k, x] of v.entries)
        setOwn(o, k.kind === "str" || k.kind === "num" || k.kind === "bool" ? String(k.value) : JSON.stringify(toJSON(k, depth + 1)), toJSON(x, depth + 1));
      return o;
    }
    case "unknown":
      return v.default === undefined ? { unknown: v.reason } : { unknown: v.reason, default: toJSON(v.default, depth + 1) };
    case "builtin":
      return { unknown: `${v.name} (not a value)` };
  }
}

/** Python's repr-like short text of a value, for messages. */
export function show(v: PyValue): string {
  const j = toJSON(v);
  const s = JSON.stringify(j);
  return s.length > 80 ? s.slice(0, 77) + "..." : s;
}

/** Decode a Python string literal (prefix, quotes, escapes) into its value; null for bytes or an escape it cannot decode. */
export function decodeStringLiteral(raw: string): { value: string; bytes: boolean; raw: boolean; format: boolean } | null {
  const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(raw);
  if (!m) return null;
  const prefix = m[1].toLowerCase();
  const q = m[2];
  if (!raw.endsWith(q) || raw.length < m[0].length + q.length) return null;
  const body = raw.slice(m[0].length, raw.length - q.length);
  const isRaw = prefix.includes("r");
  const value = isRaw ? body : unescape(body);
  if (value === null) return null;
  return { value, bytes: prefix.includes("b"), raw: isRaw, format: prefix.includes("f") };
}

const SIMPLE: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };

/** Python's escape sequences in a non-raw literal; null for `\N{...}`, which needs the Unicode name table. */
export function unescape(body: string): string | null {
  if (!body.includes("\\")) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\" || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[++i];
    if (n in SIMPLE) out += SIMPLE[n];
    else if (n === "\n") continue;
    else if (n === "\r") {
      if (body[i + 1] === "\n") i++;
    } else if (n === "x" || n === "u" || n === "U") {
      const len = n === "x" ? 2 : n === "u" ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return null;
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) return null;
      out += String.fromCodePoint(cp);
      i += len;
    } else if (/[0-7]/.test(n)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i))?.[0] ?? n;
      out += String.fromCharCode(parseInt(oct, 8));
      i += oct.length - 1;
    } else if (n === "N") return null;
    else out += "\\" + n; // Python keeps unknown escapes as written
  }
  return out;
}
