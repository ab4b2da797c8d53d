/**
 * Fixture expectations, read from the fixtures themselves:
 *   # expect: <ruleId>[:<col>] ["message substring"] [, <ruleId>[:<col>] ...]
 * applies to the next line that is not itself an `# expect:` line;
 *   # expect-file: <ruleId>
 * expects a finding anywhere in the file;
 *   # expect-related: <path suffix>:<line> ["message substring"]
 * after an `# expect:` line, says that the finding it announces (the last item
 * of that line) carries that other side in `related` (a settings line, say):
 * the path is matched as a suffix (`shop/settings.py`), so that it reads the
 * same in a repository and in a mapped tree.
 */
import fs from "node:fs";

export interface Expectation {
  file: string;
  line: number | null;
  ruleId: string;
  column?: number;
  message?: string;
  related?: RelatedExpectation[];
}

export interface RelatedExpectation {
  /** A path suffix, at a `/` boundary. */
  path: string;
  line: number;
  message?: string;
}

const EXPECT = /^\s*#\s*expect:\s*(.*)$/;
const EXPECT_FILE = /^\s*#\s*expect-file:\s*(.*)$/;
const EXPECT_RELATED = /^\s*#\s*expect-related:\s*(.*)$/;

export function readExpectations(file: string, text = fs.readFileSync(file, "utf8")): Expectation[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Expectation[] = [];
  let pending: Omit<Expectation, "line">[] = [];
  lines.forEach((l, i) => {
    const fileLevel = EXPECT_FILE.exec(l);
    if (fileLevel) {
      for (const item of splitItems(fileLevel[1])) out.push({ ...parseItem(file, item), line: null });
      return;
    }
    const rel = EXPECT_RELATED.exec(l);
    if (rel) {
      const last = pending[pending.length - 1];
      if (!last) throw new Error(`${file}:${i + 1}: '# expect-related:' must follow an '# expect:' line`);
      (last.related ??= []).push(parseRelated(file, rel[1].trim()));
      return;
    }
    const m = EXPECT.exec(l);
    if (m) {
      for (const item of splitItems(m[1])) pending.push(parseItem(file, item));
      return;
    }
    for (const p of pending) out.push({ ...p, line: i + 1 });
    pending = [];
  });
  if (pending.length) throw new Error(`${file}: '# expect:' at the end of the file has no line to apply to`);
  return out;
}

function splitItems(s: string): string[] {
  const items: string[] = [];
  let cur = "";
  let quoted = false;
  for (const c of s) {
    if (c === '"') quoted = !quoted;
    if (c === "," && !quoted) {
      items.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  if (cur.trim()) items.push(cur.trim());
  return items;
}

function parseItem(file: string, item: string): Omit<Expectation, "line"> {
  const m = /^([a-z0-9/-]+)(?::(\d+))?(?:\s+"([^"]*)")?$/.exec(item);
  if (!m) throw new Error(`${file}: cannot read expectation '${item}'`);
  return { file, ruleId: m[1], ...(m[2] ? { column: Number(m[2]) } : {}), ...(m[3] ? { message: m[3] } : {}) };
}

function parseRelated(file: string, item: string): RelatedExpectation {
  const m = /^([^\s"]+):(\d+)(?:\s+"([^"]*)")?$/.exec(item);
  if (!m) throw new Error(`${file}: cannot read related expectation '${item}'`);
  return { path: m[1], line: Number(m[2]), ...(m[3] ? { message: m[3] } : {}) };
}
