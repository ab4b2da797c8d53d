/**
 * A missing runtime file (`/etc/letsencrypt/options-ssl-apache.conf`,
 * `/etc/nginx/proxy_params`) is often included by every site of a
 * repository: it is reported once per run, at its first include, with how
 * many includes of it there are, rather than once per include.
 */
import type { LoadProblem } from "../core/problems.js";

export function foldRepeatedIncludes(problems: LoadProblem[]): LoadProblem[] {
  const first = new Map<string, { problem: LoadProblem; count: number }>();
  const out: LoadProblem[] = [];
  for (const p of problems) {
    if (p.ruleId !== "include-not-found") {
      out.push(p);
      continue;
    }
    // The message names the include as written and where it was looked for: the same text is the same target.
    const key = `${p.severity ?? ""}\0${p.message}`;
    const seen = first.get(key);
    if (seen) {
      seen.count++;
      continue;
    }
    const entry = { problem: { ...p }, count: 1 };
    first.set(key, entry);
    out.push(entry.problem);
  }
  for (const { problem, count } of first.values()) if (count > 1) problem.message += ` (${count} includes of it in all: reported here only)`;
  return out;
}
