/**
 * `DJANGO_SETTINGS_MODULE` as a WSGI/ASGI script or `manage.py` sets it:
 * `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x.settings")` (a
 * default: the process environment wins) or `os.environ["..."] = "..."` (an
 * assignment: it wins over the environment). Read from the parsed Python, so
 * comments, docstrings and other variables never match, and any string prefix
 * (`r''`, `u''`, an f-string without replacements) is read as Python reads it.
 * One implementation for every reader (this replaces the two regular
 * expressions in src/model/apache/wsgi-apps.ts and
 * rules/apache/wsgi-script-beside-settings.ts).
 */
import type { SyntaxNode, Tree } from "@lezer/common";
import { SourceFile } from "../../source/source-file.js";
import { parsePython } from "./python/parser.js";
import { linesMentioning } from "./python/slice.js";
import { stringValue } from "./python/strings.js";
import { unknown, type Location, type PyValue } from "./python/values.js";

export interface SettingsModuleRef {
  /** The module name, or null when the script computes it (then `unknown` says how). */
  value: string | null;
  unknown?: string;
  /** `setdefault`: used only when the process environment does not set the variable; `assign`: always. */
  how: "setdefault" | "assign";
  at: Location;
}

const NAME = "DJANGO_SETTINGS_MODULE";

/**
 * Every place a script sets DJANGO_SETTINGS_MODULE, in file order (inside functions too: `manage.py` sets it in `main()`).
 * Only the statements that mention the name are parsed (each on its own, as written), since nothing else in a
 * script can set it by a literal; when one of them does not parse alone (an `else:` clause on the line), or the
 * scan cannot follow the file, the whole file is.
 */
export function settingsModuleRefs(file: string, text: string): SettingsModuleRef[] {
  if (!text.includes(NAME)) return []; // no parse for scripts that cannot set it
  return refsOfScript(file, text).map((r) => withNamedLiteral(text, r));
}

function refsOfScript(file: string, text: string): SettingsModuleRef[] {
  const source = new SourceFile(file, text);
  const lines = linesMentioning(text, NAME);
  if (lines) {
    const out: SettingsModuleRef[] = [];
    for (const l of lines) {
      const piece = text.slice(l.from, l.to);
      const parsed = parsePython(piece);
      if (parsed.error) return refsIn(file, text, source, parsePython(text).tree, 0);
      out.push(...refsIn(file, piece, source, parsed.tree, l.from));
    }
    return out;
  }
  return refsIn(file, text, source, parsePython(text).tree, 0);
}

/** The same, from a parse of the whole file (what the statements read alone must agree with). */
export function settingsModuleRefsOfWholeFile(file: string, text: string): SettingsModuleRef[] {
  return text.includes(NAME) ? refsIn(file, text, new SourceFile(file, text), parsePython(text).tree, 0).map((r) => withNamedLiteral(text, r)) : [];
}

const COMPUTED_BY_NAME = /^computed by ([A-Za-z_]\w*)$/;

/**
 * A module named through a variable the script binds once, to a string (`SETTINGS = "proj.settings_prod"` above
 * `os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)`): that string. Any other way the script may bind the
 * name (a second assignment, `for`, `import ... as`, an augmented assignment, a keyword argument of that name)
 * leaves it unknown.
 */
function withNamedLiteral(text: string, r: SettingsModuleRef): SettingsModuleRef {
  const name = r.value === null ? COMPUTED_BY_NAME.exec(r.unknown ?? "")?.[1] : undefined;
  if (!name) return r;
  const lines = linesMentioning(text, name);
  if (!lines) return r;
  const word = new RegExp(`(?<![\\w.])${name}(?!\\w)`);
  const assigned = new RegExp(`^${name}\\s*=(?!=)`);
  const otherBinding = new RegExp(
    `\\b(?:for|as|import|def|class|global|nonlocal|del)\\s+(?:[\\w.]+\\s*,\\s*)*${name}(?!\\w)|(?<![\\w.])${name}\\s*(?:[-+*/%&|^@]|//|\\*\\*|>>|<<|:)?=(?!=)`,
  );
  let found: string | null = null;
  let assignments = 0;
  for (const l of lines) {
    const piece = text.slice(l.from, l.to);
    if (!word.test(piece)) continue; // a longer word that contains the name
    if (assigned.test(piece)) {
      assignments++;
      const tree = parsePython(piece).tree;
      const stmt = tree.topNode.firstChild;
      const value = stmt?.name === "AssignStatement" && stmt.firstChild?.name === "VariableName" ? stmt.lastChild : null;
      const v = value && /^(String|ContinuedString)$/.test(value.name) ? stringValue(piece, value, () => unknown("")) : null;
      found = v?.kind === "str" && l.to <= r.at.start ? v.value : null;
    } else if (otherBinding.test(piece)) return r;
  }
  if (assignments !== 1 || found === null || !/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(found)) return r;
  return { value: found, how: r.how, at: r.at };
}

/** The settings-module assignments in a parsed text that starts at `offset` of the file. */
function refsIn(file: string, text: string, source: SourceFile, tree: Tree, offset: number): SettingsModuleRef[] {
  const out: SettingsModuleRef[] = [];
  const at = (n: SyntaxNode): Location => ({ file, ...source.range(n.from + offset, n.to + offset) });
  const literal = (n: SyntaxNode | null | undefined): PyValue => {
    if (!n || !/^(String|FormatString|ContinuedString)$/.test(n.name))
      return unknown(n ? `computed by ${text.slice(n.from, Math.min(n.to, n.from + 60))}` : "no value");
    return stringValue(text, n, (x) => unknown(`an f-string replacement (${text.slice(x.from, x.to)})`));
  };
  const push = (how: SettingsModuleRef["how"], valueNode: SyntaxNode | null | undefined, stmt: SyntaxNode) => {
    const v = literal(valueNode);
    if (v.kind === "str" && /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(v.value)) out.push({ value: v.value, how, at: at(stmt) });
    else
      out.push({
        value: null,
        unknown: v.kind === "str" ? `not a module name: ${JSON.stringify(v.value)}` : v.kind === "unknown" ? v.reason : "not a string",
        how,
        at: at(stmt),
      });
  };
  tree.iterate({
    enter(ref) {
      const n = ref.node;
      if (n.name === "CallExpression") {
        const callee = n.firstChild;
        const args = n.lastChild;
        if (!callee || !args || !/^(os\.)?environ\.setdefault$/.test(text.slice(callee.from, callee.to).replace(/\s+/g, ""))) return;
        const values = [...childNodes(args)].filter((c) => !["(", ")", ","].includes(c.name));
        if (values.length === 2 && isName(text, literal(values[0]))) push("setdefault", values[1], n);
        return;
      }
      if (n.name === "AssignStatement") {
        const target = n.firstChild;
        if (
          target?.name !== "MemberExpression" ||
          !/^(os\.)?environ$/.test(text.slice(target.firstChild?.from ?? 0, target.firstChild?.to ?? 0).replace(/\s+/g, ""))
        )
          return;
        const key = [...childNodes(target)].find((c) => /String$/.test(c.name));
        if (!key || !isName(text, literal(key))) return;
        push("assign", n.lastChild, n);
      }
    },
  });
  return out;
}

function* childNodes(n: SyntaxNode): Generator<SyntaxNode> {
  for (let c = n.firstChild; c; c = c.nextSibling) yield c;
}

const isName = (_: string, v: PyValue) => v.kind === "str" && v.value === NAME;

/**
 * The settings module a script selects when the process environment does not
 * set one: the last assignment, else the first `setdefault` (later ones do
 * nothing once it is set). Null when the script does not set it.
 */
export function settingsModuleOfScript(file: string, text: string): SettingsModuleRef | null {
  const refs = settingsModuleRefs(file, text);
  const assigned = refs.filter((r) => r.how === "assign");
  return assigned.length ? assigned[assigned.length - 1] : (refs[0] ?? null);
}

/**
 * Drop-in for `settingsModuleInScriptText` (src/model/apache/wsgi-apps.ts) and
 * `settingsModuleInScript` (rules/apache/wsgi-script-beside-settings.ts):
 * the module name, or null when the script sets none the linter can read.
 */
export function settingsModuleInScriptText(text: string, file = "<script>"): { value: string } | null {
  const r = settingsModuleOfScript(file, text);
  return r?.value ? { value: r.value } : null;
}
