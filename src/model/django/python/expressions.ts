/**
 * Expressions of the safe subset: literals, containers, names, attribute and
 * subscript access, the modelled calls, `+ - * / %`, comparisons, `and`/`or`/
 * `not` and conditional expressions. An operand the evaluator does not know
 * makes the result unknown; when every unknown operand has a default, the
 * result keeps the default computed from them.
 */
import type { SyntaxNode } from "@lezer/common";
import path from "node:path";
import { attribute, callBuiltin, type CallArgs } from "./builtins.js";
import { percentFormat, stringValue, withDefault } from "./strings.js";
import { bool, equal, hasUnknown, NONE, num, str, truthy, unknown, type PyValue } from "./values.js";

/** What expressions need from the module being evaluated. */
export interface ExprScope {
  text: string;
  lookup(name: string, at: SyntaxNode): PyValue;
  /** A user function or class defined in the module: calling it is unknown. */
  describeCall(callee: SyntaxNode): string;
}

/** Deeper nesting than this is not evaluated (a hostile input must not exhaust the stack). */
const MAX_DEPTH = 200;

export function evaluate(scope: ExprScope, n: SyntaxNode, depth = 0): PyValue {
  if (depth > MAX_DEPTH) return unknown("an expression nested too deeply");
  const ev = (c: SyntaxNode) => evaluate(scope, c, depth + 1);
  const src = () => scope.text.slice(n.from, Math.min(n.to, n.from + 60));
  switch (n.name) {
    case "Number":
      return numberValue(scope.text.slice(n.from, n.to));
    case "String":
    case "FormatString":
    case "ContinuedString":
      return stringValue(scope.text, n, ev);
    case "Boolean":
      return bool(scope.text.slice(n.from, n.to) === "True");
    case "None":
      return NONE;
    case "VariableName":
      return scope.lookup(scope.text.slice(n.from, n.to), n);
    case "ParenthesizedExpression": {
      const inner = operands(n)[0];
      return inner ? ev(inner) : unknown(src());
    }
    case "TupleExpression":
    case "ArrayExpression":
    case "SetExpression":
      return sequence(n, ev, n.name === "TupleExpression" ? "tuple" : n.name === "ArrayExpression" ? "list" : "set");
    case "DictionaryExpression":
      return dictionary(n, ev);
    case "MemberExpression":
      return member(scope, n, ev);
    case "CallExpression":
      return call(scope, n, ev);
    case "BinaryExpression":
      return binary(scope, n, ev);
    case "UnaryExpression":
      return unary(scope, n, ev);
    case "ConditionalExpression": {
      const [a, cond, b] = operands(n);
      if (!a || !cond || !b) return unknown(src());
      const c = ev(cond);
      return lift([c], ([cv]) => {
        const t = truthy(cv);
        return t === null ? unknown(`a condition the linter cannot decide (${src()})`) : t ? ev(a) : ev(b);
      });
    }
    case "ArrayComprehensionExpression":
    case "SetComprehensionExpression":
      return comprehension(scope, n, depth) ?? unknown(`${describeNode(n.name)} (${src()})`);
    default:
      return unknown(`${describeNode(n.name)} (${src()})`);
  }
}

/** Items a comprehension is run over, at most: a longer list is not a setting anyone writes out. */
const MAX_COMPREHENSION_ITEMS = 1000;

/**
 * `[h.strip() for h in "a, b".split(",") if h]`, `[f"{p}{d}" for d in DOMAINS for p in ("", "www.")]` (a list or a
 * set): `for` clauses over one name each and a list, tuple or set the evaluator knows (the first's default too, when
 * it knows that), nested as Python nests them, each item put in for its name, the `if`s decided where they stand.
 * Null for any other shape (unpacking, a nested comprehension as target), which stays unknown.
 */
function comprehension(scope: ExprScope, n: SyntaxNode, depth: number): PyValue | null {
  const k: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== "Comment") k.push(c);
  const elt = k[1];
  if (!elt) return null;
  // The clauses after the element, up to the closing bracket: `for NAME in ITERABLE` and `if COND`, in order.
  const clauses: ({ for: string; iterable: SyntaxNode } | { if: SyntaxNode })[] = [];
  for (let i = 2; i < k.length - 1;) {
    if (k[i].name === "for") {
      const [target, inKw, iterable] = [k[i + 1], k[i + 2], k[i + 3]];
      if (target?.name !== "VariableName" || inKw?.name !== "in" || !iterable) return null;
      clauses.push({ for: scope.text.slice(target.from, target.to), iterable });
      i += 4;
    } else if (k[i].name === "if" && k[i + 1]) {
      clauses.push({ if: k[i + 1] });
      i += 2;
    } else return null;
  }
  const [first, ...rest] = clauses;
  if (!first || !("for" in first)) return null;
  const iterate = (v: PyValue): PyValue[] | PyValue =>
    (v.kind !== "list" && v.kind !== "tuple" && v.kind !== "set") || v.items.length > MAX_COMPREHENSION_ITEMS
      ? unknown(`a comprehension over ${v.kind === "unknown" ? v.reason : "what the linter cannot iterate"}`)
      : v.items;
  return lift([evaluate(scope, first.iterable, depth + 1)], ([it]) => {
    const items: PyValue[] = [];
    /** Runs the clauses from `i` with `inner`'s names; an unknown when one cannot be decided. */
    const run = (inner: ExprScope, i: number): PyValue | null => {
      if (items.length > MAX_COMPREHENSION_ITEMS) return unknown("a comprehension of more items than a setting holds");
      const c = rest[i];
      if (!c) {
        items.push(evaluate(inner, elt, depth + 1));
        return null;
      }
      if ("if" in c) {
        const t = truthy(evaluate(inner, c.if, depth + 1));
        if (t === null) return unknown(`a condition the linter cannot decide in a comprehension (${scope.text.slice(c.if.from, c.if.to)})`);
        return t ? run(inner, i + 1) : null;
      }
      const values = iterate(evaluate(inner, c.iterable, depth + 1));
      if (!Array.isArray(values)) return values;
      for (const item of values) {
        const stop = run(bound(inner, c.for, item), i + 1);
        if (stop) return stop;
      }
      return null;
    };
    const values = iterate(it);
    if (!Array.isArray(values)) return values;
    for (const item of values) {
      const stop = run(bound(scope, first.for, item), 0);
      if (stop) return stop;
    }
    return n.name === "SetComprehensionExpression" ? { kind: "set", items: dedupe(items) } : { kind: "list", items };
  });
}

/** A scope where `name` is `value`. */
function bound(scope: ExprScope, name: string, value: PyValue): ExprScope {
  return { text: scope.text, lookup: (x, at) => (x === name ? value : scope.lookup(x, at)), describeCall: (c) => scope.describeCall(c) };
}

function describeNode(name: string): string {
  if (name.endsWith("ComprehensionExpression")) return "a comprehension";
  if (name === "LambdaExpression") return "a lambda";
  if (name === "⚠") return "text that is not Python";
  return `a ${name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()}`;
}

/** The children that are values (not punctuation or keywords). */
export function operands(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (!PUNCT.has(c.name)) out.push(c);
  return out;
}

const PUNCT = new Set(["(", ")", "[", "]", "{", "}", ",", ":", ".", "if", "else", "not", "and", "or", "in", "is", "lambda", "Comment"]);

function numberValue(t: string): PyValue {
  const s = t.replace(/_/g, "");
  if (/[jJ]$/.test(s)) return unknown("a complex number");
  if (/^0[xX]/.test(s)) return num(parseInt(s.slice(2), 16));
  if (/^0[oO]/.test(s)) return num(parseInt(s.slice(2), 8));
  if (/^0[bB]/.test(s)) return num(parseInt(s.slice(2), 2));
  const v = Number(s);
  return Number.isFinite(v) ? num(v) : unknown(`the number ${t}`);
}

function sequence(n: SyntaxNode, ev: (c: SyntaxNode) => PyValue, kind: "list" | "tuple" | "set"): PyValue {
  const items: PyValue[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) {
    if (PUNCT.has(c.name)) continue;
    if (c.name === "*") {
      const next = c.nextSibling;
      if (!next) break;
      const v = ev(next);
      if (v.kind === "list" || v.kind === "tuple" || v.kind === "set") items.push(...v.items);
      else return unknown("a starred item the linter cannot expand");
      c = next;
      continue;
    }
    items.push(ev(c));
  }
  if (kind === "set") return { kind, items: dedupe(items) };
  return { kind, items };
}

function dedupe(items: PyValue[]): PyValue[] {
  const out: PyValue[] = [];
  for (const i of items) if (!out.some((o) => equal(o, i) === true)) out.push(i);
  return out;
}

function dictionary(n: SyntaxNode, ev: (c: SyntaxNode) => PyValue): PyValue {
  let entries: [PyValue, PyValue][] = [];
  const kids: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== "{" && c.name !== "}") kids.push(c);
  for (let i = 0; i < kids.length; i++) {
    const c = kids[i];
    if (c.name === ",") continue;
    if (c.name === "**") {
      const v = kids[i + 1] ? ev(kids[i + 1]) : unknown("**");
      if (v.kind !== "dict") return unknown("a dict merged from a value the linter cannot read");
      for (const e of v.entries) entries = setEntry(entries, e[0], e[1]);
      i++;
      continue;
    }
    if (kids[i + 1]?.name !== ":" || !kids[i + 2]) return unknown("a dict the linter cannot read");
    entries = setEntry(entries, ev(c), ev(kids[i + 2]));
    i += 2;
  }
  return { kind: "dict", entries };
}

/** A dict with `key` set (a new array: values are never changed in place). */
export function setEntry(entries: [PyValue, PyValue][], key: PyValue, value: PyValue): [PyValue, PyValue][] {
  const i = entries.findIndex(([k]) => equal(k, key) === true);
  if (i < 0) return [...entries, [key, value]];
  const out = entries.slice();
  out[i] = [entries[i][0], value];
  return out;
}

function member(scope: ExprScope, n: SyntaxNode, ev: (c: SyntaxNode) => PyValue): PyValue {
  const obj = n.firstChild;
  if (!obj) return unknown("an attribute");
  const base = ev(obj);
  const second = obj.nextSibling;
  if (second?.name === ".") {
    const prop = second.nextSibling;
    if (!prop) return unknown("an attribute");
    const name = scope.text.slice(prop.from, prop.to);
    // A method of an environment default (`os.getenv("X", "a;b").split(";")`): called on the default, the result stays a default.
    if (base.kind === "unknown" && base.default !== undefined) {
      const a = attribute(base.default, name);
      return a.kind === "builtin" ? { ...a, via: base.reason } : withDefault(base, a);
    }
    return attribute(base, name);
  }
  // Subscript: `x[key]`; slices are unknown.
  const parts = operands(n).slice(1);
  let c = second?.nextSibling;
  for (; c && c.name !== "]"; c = c.nextSibling) if (c.name === ":") return unknown("a slice");
  if (parts.length !== 1) return unknown("a subscript the linter cannot read");
  return subscript(base, ev(parts[0]), scope.text.slice(n.from, Math.min(n.to, n.from + 60)));
}

export function subscript(base: PyValue, key: PyValue, describe: string): PyValue {
  if (base.kind === "builtin" && base.name === "os.environ") {
    return key.kind === "str" ? unknown(`the environment variable ${key.value} (os.environ[...])`) : unknown(describe);
  }
  if (base.kind === "builtin" && base.name === "path.parents" && base.self?.kind === "path" && key.kind === "num") {
    let p = base.self.value;
    for (let i = 0; i <= key.value; i++) p = path.posix.dirname(p);
    return { kind: "path", value: p };
  }
  return lift([base, key], ([b, k]) => {
    if (b.kind === "dict") {
      const hit = b.entries.find(([kk]) => equal(kk, k) === true);
      return hit ? hit[1] : unknown(`${describe}: a key the dict does not hold (Python raises KeyError)`);
    }
    if ((b.kind === "list" || b.kind === "tuple") && k.kind === "num" && Number.isInteger(k.value)) {
      const i = k.value < 0 ? b.items.length + k.value : k.value;
      return b.items[i] ?? unknown(`${describe}: an index out of range`);
    }
    return unknown(describe);
  });
}

/** Positional and keyword arguments of an ArgList; null when one cannot be read (`*args`, `**kwargs` of an unknown). */
export function callArgs(text: string, argList: SyntaxNode, ev: (c: SyntaxNode) => PyValue): CallArgs | null {
  const args: PyValue[] = [];
  const kwargs = new Map<string, PyValue>();
  const kids: SyntaxNode[] = [];
  for (let c = argList.firstChild; c; c = c.nextSibling) if (c.name !== "(" && c.name !== ")") kids.push(c);
  for (let i = 0; i < kids.length; i++) {
    const c = kids[i];
    if (c.name === ",") continue;
    if (c.name === "*" || c.name === "**") {
      const v = kids[i + 1] ? ev(kids[i + 1]) : unknown("*");
      i++;
      if (c.name === "*" && (v.kind === "list" || v.kind === "tuple")) args.push(...v.items);
      else if (c.name === "**" && v.kind === "dict" && v.entries.every(([k]) => k.kind === "str"))
        for (const [k, x] of v.entries) kwargs.set((k as { value: string }).value, x);
      else return null;
      continue;
    }
    if (c.name === "VariableName" && kids[i + 1]?.name === "AssignOp" && kids[i + 2]) {
      kwargs.set(text.slice(c.from, c.to), ev(kids[i + 2]));
      i += 2;
      continue;
    }
    if (kids[i + 1] && kids[i + 1].name !== ",") return null; // a generator argument
    args.push(ev(c));
  }
  return { args, kwargs };
}

function call(scope: ExprScope, n: SyntaxNode, ev: (c: SyntaxNode) => PyValue): PyValue {
  const callee = n.firstChild;
  const argList = n.lastChild;
  if (!callee || !argList || argList.name !== "ArgList") return unknown("a call");
  const describe = scope.text.slice(callee.from, Math.min(callee.to, callee.from + 60));
  const fn = ev(callee);
  if (fn.kind !== "builtin") return fn.kind === "unknown" && fn.reason.startsWith("calls ") ? fn : unknown(scope.describeCall(callee));
  const a = callArgs(scope.text, argList, ev);
  if (!a) return unknown(`calls ${describe}() with arguments the linter cannot read`);
  const all = [...a.args, ...a.kwargs.values()];
  const r = lift(all, (vs) => {
    const args = vs.slice(0, a.args.length);
    const kwargs = new Map([...a.kwargs.keys()].map((k, i) => [k, vs[a.args.length + i]] as const));
    return callBuiltin(fn, { args, kwargs }, describe);
  });
  if (fn.via === undefined) return r;
  const reason = unknown(fn.via) as Extract<PyValue, { kind: "unknown" }>;
  return r.kind === "unknown" ? (r.default === undefined ? reason : withDefault(reason, r.default)) : withDefault(reason, r);
}

function binary(scope: ExprScope, n: SyntaxNode, ev: (c: SyntaxNode) => PyValue): PyValue {
  const left = n.firstChild;
  const opNode = left?.nextSibling;
  const right = n.lastChild;
  if (!left || !opNode || !right || right === opNode) return unknown("an expression");
  const op = scope.text.slice(opNode.from, right.from).replace(/\s+/g, " ").trim();
  if (op === "and" || op === "or") {
    const l = ev(left);
    return lift([l], ([lv]) => {
      const t = truthy(lv);
      if (t === null) return unknown(`a condition the linter cannot decide (${scope.text.slice(n.from, Math.min(n.to, n.from + 60))})`);
      return (op === "and") === t ? ev(right) : lv;
    });
  }
  const l = ev(left);
  const r = ev(right);
  if (op === "in" || op === "not in") {
    if (r.kind === "builtin" && r.name === "os.environ") {
      return l.kind === "str" ? unknown(`whether the environment variable ${l.value} is set`, bool(op === "not in")) : unknown("a test of the environment");
    }
  }
  return lift([l, r], ([a, b]) => operate(op, a, b));
}

function operate(op: string, a: PyValue, b: PyValue): PyValue {
  switch (op) {
    case "+":
      if (a.kind === "str" && b.kind === "str") return str(a.value + b.value);
      if (a.kind === "num" && b.kind === "num") return num(a.value + b.value);
      if ((a.kind === "list" && b.kind === "list") || (a.kind === "tuple" && b.kind === "tuple")) return { kind: a.kind, items: [...a.items, ...b.items] };
      break;
    case "-":
      if (a.kind === "num" && b.kind === "num") return num(a.value - b.value);
      if (a.kind === "builtin" && a.name === "environ.Path.value" && a.self?.kind === "path" && b.kind === "num") {
        let p = a.self.value;
        for (let i = 0; i < b.value; i++) p = path.posix.dirname(p);
        return { ...a, self: { kind: "path", value: p } };
      }
      break;
    case "*":
      if (a.kind === "num" && b.kind === "num") return num(a.value * b.value);
      break;
    case "/":
      if (a.kind === "path" && (b.kind === "str" || b.kind === "path"))
        return { kind: "path", value: b.value.startsWith("/") ? b.value : path.posix.join(a.value, b.value).replace(/(?<=.)\/$/, "") };
      if (a.kind === "num" && b.kind === "num" && b.value !== 0) return num(a.value / b.value);
      break;
    case "%":
      if (a.kind === "str") return percentFormat(a.value, b);
      break;
    case "==":
    case "!=": {
      const e = equal(a, b);
      return e === null ? unknown("a comparison the linter cannot decide") : bool(op === "==" ? e : !e);
    }
    case "is":
    case "is not":
      if (a.kind === "none" || b.kind === "none") return bool((a.kind === b.kind) === (op === "is"));
      break;
    case "in":
    case "not in":
      return contains(b, a, op === "in");
    case "<":
    case ">":
    case "<=":
    case ">=":
      if ((a.kind === "num" && b.kind === "num") || (a.kind === "str" && b.kind === "str")) {
        const x = a.value;
        const y = b.value;
        return bool(op === "<" ? x < y : op === ">" ? x > y : op === "<=" ? x <= y : x >= y);
      }
      break;
  }
  return unknown(`${a.kind} ${op} ${b.kind}`);
}

function contains(container: PyValue, item: PyValue, positive: boolean): PyValue {
  let r: boolean | null = null;
  if (container.kind === "str" && item.kind === "str") r = container.value.includes(item.value);
  else if (container.kind === "list" || container.kind === "tuple" || container.kind === "set") {
    const hits = container.items.map((i) => equal(i, item));
    r = hits.includes(true) ? true : hits.every((h) => h === false) ? false : null;
  } else if (container.kind === "dict") {
    const hits = container.entries.map(([k]) => equal(k, item));
    r = hits.includes(true) ? true : hits.every((h) => h === false) ? false : null;
  }
  return r === null ? unknown("a membership test the linter cannot decide") : bool(r === positive);
}

function unary(scope: ExprScope, n: SyntaxNode, ev: (c: SyntaxNode) => PyValue): PyValue {
  const opNode = n.firstChild;
  const arg = n.lastChild;
  if (!opNode || !arg || arg === opNode) return unknown("an expression");
  const op = scope.text.slice(opNode.from, opNode.to);
  return lift([ev(arg)], ([v]) => {
    if (op === "not") {
      const t = truthy(v);
      return t === null ? unknown("a condition the linter cannot decide") : bool(!t);
    }
    if (v.kind === "num") return num(op === "-" ? -v.value : op === "+" ? v.value : ~v.value);
    if (v.kind === "bool") return num(op === "-" ? -Number(v.value) : op === "+" ? Number(v.value) : ~Number(v.value));
    return unknown(`${op}${v.kind}`);
  });
}

/**
 * Apply `f` to known operands. With unknown operands that all have a
 * default, the result is unknown (the first reason) with `f` of the defaults
 * as its default; otherwise unknown.
 */
export function lift(values: PyValue[], f: (vs: PyValue[]) => PyValue): PyValue {
  let first: Extract<PyValue, { kind: "unknown" }> | null = null;
  let allDefaults = true;
  for (const v of values) {
    if (v.kind !== "unknown") continue;
    first ??= v;
    if (v.default === undefined) {
      allDefaults = false;
      first = v;
      break;
    }
  }
  if (!first) return f(values);
  if (!allDefaults) return unknown(first.reason);
  const r = f(values.map((v) => (v.kind === "unknown" ? (v.default as PyValue) : v)));
  return hasUnknown(r) && r.kind !== "unknown" ? unknown(first.reason) : withDefault(first, r);
}
