/**
 * String literals as Python reads them: adjacent literals concatenated,
 * escapes decoded, f-strings filled in from values the evaluator knows, and
 * the `%` and `str.format` forms settings files use.
 */
import type { SyntaxNode } from "@lezer/common";
import { decodeStringLiteral, hasUnknown, str, unknown, unescape, type PyValue } from "./values.js";

type Eval = (n: SyntaxNode) => PyValue;

/** A `String`, `FormatString` or `ContinuedString` node. */
export function stringValue(text: string, n: SyntaxNode, evaluate: Eval): PyValue {
  if (n.name === "ContinuedString") {
    const parts: PyValue[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) parts.push(stringValue(text, c, evaluate));
    return concatStrings(parts);
  }
  if (n.name === "FormatString") return formatString(text, n, evaluate);
  const lit = decodeStringLiteral(text.slice(n.from, n.to));
  if (!lit) return unknown(`a string literal the linter cannot decode (line text ${JSON.stringify(text.slice(n.from, Math.min(n.to, n.from + 40)))})`);
  if (lit.bytes) return unknown("a bytes literal");
  return str(lit.value);
}

function concatStrings(parts: PyValue[]): PyValue {
  let out = "";
  for (const p of parts) {
    if (p.kind !== "str") return p.kind === "unknown" ? p : unknown("a string the linter cannot read");
    out += p.value;
  }
  return str(out);
}

/** An f-string: literal text between `{...}` replacements, each replacement's value by `str()`. */
function formatString(text: string, n: SyntaxNode, evaluate: Eval): PyValue {
  const raw = text.slice(n.from, n.to);
  const head = /^[rRfF]{1,2}('''|"""|'|")/.exec(raw);
  if (!head) return unknown("an f-string the linter cannot read");
  const isRaw = /r/i.test(head[0].slice(0, -head[1].length));
  const bodyStart = n.from + head[0].length;
  const bodyEnd = n.to - head[1].length;
  let out = "";
  let pending: Extract<PyValue, { kind: "unknown" }> | null = null;
  let pos = bodyStart;
  const literal = (from: number, to: number): boolean => {
    const chunk = text.slice(from, to).replace(/\{\{/g, "{").replace(/\}\}/g, "}");
    const dec = isRaw ? chunk : unescape(chunk);
    if (dec === null) return false;
    out += dec;
    return true;
  };
  for (let c = n.firstChild; c; c = c.nextSibling) {
    if (c.name !== "FormatReplacement") continue;
    if (!literal(pos, c.from)) return unknown("an f-string with an escape the linter cannot decode");
    let v = replacement(text, c, evaluate);
    // An environment default inside: the whole string is a default too.
    if (v.kind === "unknown" && v.default?.kind === "str") {
      pending ??= v;
      v = v.default;
    }
    if (v.kind !== "str") return v.kind === "unknown" ? unknown(v.reason) : unknown(`an f-string part the linter cannot format: ${text.slice(c.from, c.to)}`);
    out += v.value;
    pos = c.to;
  }
  if (bodyEnd < pos || !literal(pos, bodyEnd)) return unknown("an f-string the linter cannot read");
  return pending ? unknown(pending.reason, str(out)) : str(out);
}

function replacement(text: string, r: SyntaxNode, evaluate: Eval): PyValue {
  let expr: SyntaxNode | null = null;
  for (let c = r.firstChild; c; c = c.nextSibling) {
    if (c.name === "FormatSpec") {
      if (c.to - c.from > 1) return unknown(`an f-string format spec (${text.slice(c.from, c.to)})`);
    } else if (c.name === "FormatConversion" || c.name === "FormatSelfDoc") {
      if (text.slice(c.from, c.to) !== "!s") return unknown(`an f-string conversion (${text.slice(c.from, c.to)})`);
    } else if (c.name !== "{" && c.name !== "}" && c.name !== ",") {
      if (expr) return unknown("an f-string replacement with several values");
      expr = c;
    }
  }
  if (!expr) return unknown("an empty f-string replacement");
  return toStr(evaluate(expr));
}

/** `str(v)` for the values whose text is certain. */
export function toStr(v: PyValue): PyValue {
  switch (v.kind) {
    case "str":
      return v;
    case "path":
      return str(v.value);
    case "num":
      return Number.isInteger(v.value) ? str(String(v.value)) : unknown("a float formatted as text");
    case "bool":
      return str(v.value ? "True" : "False");
    case "none":
      return str("None");
    case "unknown":
      return v.default === undefined ? v : withDefault(v, toStr(v.default));
    case "builtin":
      // str() of a django-environ Path is its path.
      return v.name === "environ.Path.value" && v.self?.kind === "path" ? str(v.self.value) : unknown(`str() of ${v.name}`);
    default:
      return unknown(`a ${v.kind} formatted as text`);
  }
}

/** An unknown with a default computed from its default; the reason stays the first one. */
export function withDefault(u: Extract<PyValue, { kind: "unknown" }>, dflt: PyValue): PyValue {
  if (hasUnknown(dflt)) return dflt.kind === "unknown" && dflt.default !== undefined ? unknown(u.reason, dflt.default) : unknown(u.reason);
  return unknown(u.reason, dflt);
}

/** `"...%s..." % args`: `%s`, `%d`, `%r` of strings, `%(name)s` of a dict, `%%`. */
export function percentFormat(fmt: string, args: PyValue): PyValue {
  const positional = args.kind === "tuple" ? args.items : [args];
  let i = 0;
  let failed: PyValue | null = null;
  const out = fmt.replace(/%(?:\(([^)]*)\))?([-#0 +]*\d*(?:\.\d+)?)([sdir%])/g, (whole, key: string | undefined, flags: string, conv: string) => {
    if (conv === "%") return "%";
    if (failed) return "";
    if (flags) {
      failed = unknown(`a %-format with flags (${whole})`);
      return "";
    }
    let v: PyValue | undefined;
    if (key !== undefined) {
      if (args.kind !== "dict") {
        failed = unknown("a %(name)s format of something that is not a dict");
        return "";
      }
      v = args.entries.find(([k]) => k.kind === "str" && k.value === key)?.[1];
    } else v = positional[i++];
    if (v === undefined) {
      failed = unknown(`a %-format with a missing argument (${whole})`);
      return "";
    }
    if (conv === "r" && v.kind === "str") return `'${v.value}'`;
    if (conv === "d" || conv === "i") {
      if (v.kind === "bool" || (v.kind === "num" && Number.isFinite(v.value))) return String(Math.trunc(Number(v.value)));
      failed = v.kind === "unknown" ? v : unknown(`%d of a ${v.kind}`);
      return "";
    }
    const s = toStr(v);
    if (s.kind !== "str") {
      failed = s;
      return "";
    }
    return s.value;
  });
  if (failed) return failed;
  if (args.kind === "tuple" && i !== positional.length && !/%\(/.test(fmt)) return unknown("a %-format whose arguments do not match (Python raises TypeError)");
  return str(out);
}

/** `"...{}...{0}...{name}...".format(...)`, without format specs or conversions. */
export function strFormat(fmt: string, args: PyValue[], kwargs: Map<string, PyValue>): PyValue {
  let auto = 0;
  let failed: PyValue | null = null;
  const out = fmt.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (whole, field: string | undefined) => {
    if (whole === "{{") return "{";
    if (whole === "}}") return "}";
    if (failed) return "";
    const f = field ?? "";
    if (/[!:.[]/.test(f)) {
      failed = unknown(`a str.format field with a spec, conversion or attribute ({${f}})`);
      return "";
    }
    const v = f === "" ? args[auto++] : /^\d+$/.test(f) ? args[Number(f)] : kwargs.get(f);
    if (v === undefined) {
      failed = unknown(`a str.format field with no argument ({${f}})`);
      return "";
    }
    const s = toStr(v);
    if (s.kind !== "str") {
      failed = s;
      return "";
    }
    return s.value;
  });
  return failed ?? str(out);
}
