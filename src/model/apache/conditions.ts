/**
 * Evaluating httpd's read-time conditionals. `<IfModule>`, `<IfDefine>` and
 * `<IfVersion>` are decided while httpd reads the config, in order; `<If>`,
 * `<ElseIf>` and `<Else>` are decided per request, so for the linter their
 * contents are "maybe".
 */
import { not, type Tri } from "../../core/tri.js";

export const CONDITIONAL_SECTIONS = new Set(["ifmodule", "ifdefine", "ifversion", "if", "elseif", "else", "iffile", "ifdirective", "ifsection"]);

/** `<IfVersion [op] version>` against the target major.minor (e.g. "2.4"). */
export function evalIfVersion(args: string[], target: string): Tri {
  let op = "=";
  let v = args.join(" ").trim();
  const m = /^(!?=|==|>=?|<=?|~)\s*(.*)$/.exec(v);
  if (args.length > 1) {
    op = args[0];
    v = args.slice(1).join(" ");
  } else if (m) {
    op = m[1];
    v = m[2];
  }
  const negate = op.startsWith("!");
  if (negate) op = op.slice(1) || "=";
  if (op === "~" || v.startsWith("/")) return "unknown";
  const want = v.split(".").map((x) => Number.parseInt(x, 10));
  const have = target.split(".").map((x) => Number.parseInt(x, 10));
  if (want.some(Number.isNaN) || have.some(Number.isNaN)) return "unknown";
  // Compare on the parts the target knows (major.minor); a patch level beyond it is unknowable.
  let cmp = 0;
  for (let i = 0; i < Math.max(want.length, 2); i++) {
    if (i >= have.length) {
      if (cmp === 0) return "unknown";
      break;
    }
    const d = (have[i] ?? 0) - (want[i] ?? 0);
    if (d !== 0) {
      cmp = Math.sign(d);
      break;
    }
  }
  let r: boolean;
  switch (op) {
    case "=":
    case "==":
      r = cmp === 0;
      break;
    case ">":
      r = cmp > 0;
      break;
    case ">=":
      r = cmp >= 0;
      break;
    case "<":
      r = cmp < 0;
      break;
    case "<=":
      r = cmp <= 0;
      break;
    default:
      return "unknown";
  }
  const t: Tri = r ? "yes" : "no";
  return negate ? not(t) : t;
}
