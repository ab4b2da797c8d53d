/**
 * Read-time branches: whether two directives can be in effect in the same
 * server. `<IfDefine X>` and `<IfDefine !X>` (likewise `<IfModule m>` /
 * `<IfModule !m>`, `<IfFile>`, `<IfDirective>`, `<IfSection>`) exclude each
 * other, whatever httpd is started with; and a directive under a positive
 * `<IfModule>` the linter cannot decide is taken as meant for the server that
 * has the module (the common `<IfModule mod_ssl.c>` around a TLS host).
 */
import type { ApacheSection } from "../../ast/apache.js";
import type { Tri } from "../../core/tri.js";
import type { ApacheEntry } from "./server.js";

const EXCLUSIVE_PAIRS = new Set(["ifdefine", "ifmodule", "iffile", "ifdirective", "ifsection"]);

/** `mod_ssl.c`, `ssl_module`, `!mod_ssl.c` -> `ssl` and whether it is negated (other sections: their argument as written). */
function conditionKey(s: ApacheSection): { key: string; negated: boolean } | null {
  if (!EXCLUSIVE_PAIRS.has(s.key)) return null;
  const raw = s.args
    .map((a) => a.value)
    .join(" ")
    .trim();
  const negated = raw.startsWith("!");
  let name = (negated ? raw.slice(1) : raw).trim();
  if (s.key === "ifmodule")
    name = name
      .toLowerCase()
      .replace(/^mod_/, "")
      .replace(/\.c$/, "")
      .replace(/_module$/, "");
  return { key: `${s.key}\0${name}`, negated };
}

/** Whether two entries sit in branches of one read-time test that cannot both hold (`<IfDefine X>` / `<IfDefine !X>`). */
export function exclusiveBranches(a: ApacheEntry, b: ApacheEntry): boolean {
  const shared = new Set(a.sections.filter((s) => b.sections.includes(s)));
  const mine = new Map<string, boolean>();
  for (const s of a.sections) {
    if (shared.has(s)) continue;
    const k = conditionKey(s);
    if (k) mine.set(k.key, k.negated);
  }
  for (const s of b.sections) {
    if (shared.has(s)) continue;
    const k = conditionKey(s);
    if (k && mine.has(k.key) && mine.get(k.key) !== k.negated) return true;
  }
  return false;
}

/**
 * Whether an entry is in effect when the modules its positive `<IfModule>`
 * sections ask for are loaded: `yes` when nothing else is undecided, `no` when
 * some condition surely fails, `unknown` for `<IfDefine>` names only the
 * command line can set, negated `<IfModule>`s the linter cannot decide, `<If>` (unless `branchTaken` decides it)...
 * With `within` (a virtual host around the entry), only the sections inside it count.
 */
export function activeAssumingModules(
  e: ApacheEntry,
  conditionOf: (s: ApacheSection) => Tri,
  within: ApacheSection | null = null,
  branchTaken?: (s: ApacheSection) => Tri,
): Tri {
  if (e.active !== "unknown") return e.active;
  let out: Tri = "yes";
  // Within a virtual host, the conditions around the host itself (`<IfDefine SSL>` around openSUSE's and Gentoo's TLS
  // hosts) are taken to hold: the question is what the host does when it exists.
  const inside = within ? e.sections.indexOf(within) + 1 : 0;
  for (const s of inside > 0 ? e.sections.slice(inside) : e.sections) {
    const c = conditionOf(s);
    if (c === "no") return "no";
    if (c === "yes") continue;
    if (s.key === "ifmodule" && !s.args[0]?.value.startsWith("!")) continue;
    if (s.key === "if" || s.key === "elseif" || s.key === "else") {
      // Decided per request; `branchTaken` answers the tests a host's scheme decides (scheme-tests.ts).
      const taken = branchTaken?.(s) ?? "unknown";
      if (taken === "no") return "no";
      if (taken === "unknown") out = "unknown";
      continue;
    }
    if (CONDITIONAL.has(s.key)) out = "unknown";
  }
  return out;
}

const CONDITIONAL = new Set(["ifmodule", "ifdefine", "ifversion", "iffile", "ifdirective", "ifsection"]);
