/**
 * Our verdict on a case: the engine run in-process on the same main config the
 * server read. We "reject" when we report what the server treats as fatal.
 */
import { lintFiles } from "../../src/engine/run.js";
import type { Lane, Wrapped } from "./corpus.js";
import type { Dialect, OurFinding, OurVerdict } from "./types.js";

/**
 * Ids whose findings mean "the server refuses this configuration". `unknown-directive`
 * and `directive-context` count for httpd and nginx, which stop at them; lighttpd
 * only warns about unknown keys and server options in conditionals and starts.
 */
export const REJECTING: Record<Dialect, Set<string>> = {
  apache: new Set(["syntax", "include-cycle", "unknown-directive", "directive-context"]),
  nginx: new Set(["syntax", "include-cycle", "unknown-directive", "directive-context"]),
  lighttpd: new Set(["syntax", "include-cycle"]),
};

export function ourVerdict(lane: Lane, w: Wrapped): OurVerdict {
  const dialect = lane.dialect;
  // The wrapper is the harness's own minimal config, valid for the server: findings there are not about the case.
  const wrapper = w.text !== null ? w.main : null;
  try {
    const res = lintFiles([w.main], {
      dialect,
      cwd: w.cwd,
      ...(w.serverRoot ? { serverRoot: w.serverRoot } : {}),
      ...(w.nginxPrefix ? { nginxPrefix: w.nginxPrefix } : {}),
      only: [...REJECTING[dialect]],
    });
    const findings: OurFinding[] = [];
    for (const r of res.results)
      for (const m of r.messages)
        // `info` is the linter saying it cannot know (e.g. an open <IfModule> whose module it cannot see): not a rejection.
        if (m.ruleId && REJECTING[dialect].has(m.ruleId) && m.severity !== "info" && m.file !== wrapper)
          findings.push({ ruleId: m.ruleId, file: lane.rel(m.file), line: m.range.line, message: m.message });
    return { reject: findings.length > 0, findings };
  } catch (e) {
    return { reject: false, findings: [], crash: e instanceof Error ? e.message : String(e) };
  }
}
