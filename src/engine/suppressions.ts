/**
 * Suppression comments, in every dialect's comment syntax (`#` here, each dialect's own marker):
 *   # djlint-conf-disable-next-line <id>[, <id>] [-- why]   the next line
 *   # djlint-conf-disable-line <id>                          this line (nginx and lighttpd trailing comments)
 *   # djlint-conf-disable <id> ... # djlint-conf-enable <id>  a range of lines
 *   # djlint-conf-disable-file [<id>]                         the whole file
 * Without ids, a comment covers every rule. `syntax` is never suppressed: a
 * file that does not parse is not something to silence. As in ESLint, a
 * comment applies in the file where it is written, -next-line to exactly the
 * next line.
 */
import type { Comment } from "../ast/types.js";
import { checkRuleId } from "../config/rule-ids.js";
import type { Diagnostic, Severity } from "../core/diagnostic.js";
import { shown } from "../source/quote.js";

type Kind = "disable-next-line" | "disable-line" | "disable" | "enable" | "disable-file";

interface Directive {
  kind: Kind;
  /** Empty: every rule. */
  ids: string[];
  comment: Comment;
  /** Lines it governs (for ranges, filled in as enable comments are met). */
  from: number;
  to: number;
  used: Set<string>;
}

/** After the dialect's comment marker (`#`). */
const DIRECTIVE = /^\s*djlint-conf-(disable-next-line|disable-line|disable-file|disable|enable)(?![\w-])(.*)$/s;

function parse(comments: Comment[], lastLine: number, marker: string): Directive[] {
  const out: Directive[] = [];
  const open = new OpenRanges();
  for (const c of comments) {
    const text = c.text.trim();
    const m = text.startsWith(marker) ? DIRECTIVE.exec(text.slice(marker.length)) : null;
    if (!m) continue;
    const kind = m[1] as Kind;
    const ids = m[2]
      .split(/\s--\s|\s--$/)[0]
      .split(/[\s,]+/)
      .filter(Boolean);
    const line = c.range.line;
    const endLine = c.range.endLine;
    const d: Directive = { kind, ids, comment: c, from: line, to: line, used: new Set() };
    switch (kind) {
      case "disable-next-line":
        d.from = d.to = endLine + 1;
        break;
      case "disable-file":
        d.from = 1;
        d.to = lastLine;
        break;
      case "disable":
        d.to = lastLine;
        open.add(d);
        break;
      case "enable":
        open.close(ids, line);
        break;
    }
    out.push(d);
  }
  return out;
}

/**
 * The `disable` ranges not yet ended, indexed so that an `enable` finds the
 * ones it ends without scanning them all: an `enable` without ids ends every
 * range; one with ids ends the ranges that name ids, all of them among its own.
 */
class OpenRanges {
  /** Ranges that name ids, by their first id (a range an enable ends has its first id among the enable's). */
  private byFirstId = new Map<string, Set<Directive>>();
  /** Ranges without ids: only an enable without ids ends them. */
  private all = new Set<Directive>();

  add(d: Directive) {
    if (!d.ids.length) this.all.add(d);
    else {
      const set = this.byFirstId.get(d.ids[0]);
      if (set) set.add(d);
      else this.byFirstId.set(d.ids[0], new Set([d]));
    }
  }

  close(ids: string[], line: number) {
    if (!ids.length) {
      for (const d of this.all) d.to = line;
      for (const set of this.byFirstId.values()) for (const d of set) d.to = line;
      this.all.clear();
      this.byFirstId.clear();
      return;
    }
    for (const id of new Set(ids)) {
      const set = this.byFirstId.get(id);
      if (!set) continue;
      for (const d of set) {
        if (!d.ids.every((i) => ids.includes(i))) continue;
        d.to = line;
        set.delete(d);
      }
    }
  }
}

export interface SuppressionOutcome {
  kept: Diagnostic[];
  /** Unused directives, and ids that name no rule, as findings with ruleId null. */
  reports: Diagnostic[];
}

export function applySuppressions(
  file: string,
  messages: Diagnostic[],
  comments: Comment[],
  lastLine: number,
  knownIds: string[],
  reportUnused: Severity | null,
  commentMarker = "#",
): SuppressionOutcome {
  const directives = parse(comments, lastLine, commentMarker).filter((d) => d.kind !== "enable");
  if (!directives.length) return { kept: messages, reports: [] };
  const governing = governingDirectives(directives, messages);
  const kept: Diagnostic[] = [];
  messages.forEach((m, i) => {
    const by = governing[i];
    if (by) by.used.add(m.ruleId as string);
    else kept.push(m);
  });
  const reports: Diagnostic[] = [];
  const at = (d: Directive) => ({ file, range: d.comment.range });
  for (const d of directives) {
    for (const id of d.ids) {
      try {
        checkRuleId(id, knownIds);
      } catch (e) {
        reports.push({
          ruleId: null,
          severity: "error",
          message: `djlint-conf-${d.kind} names ${(e as Error).message.replace(/ \(see --list-rules\)$/, "")}`,
          ...at(d),
        });
        continue;
      }
      if (reportUnused && !d.used.has(id))
        reports.push({
          ruleId: null,
          severity: reportUnused,
          message: `Unused djlint-conf-${d.kind} directive (no problem from '${shown(id)}' was reported here)`,
          ...at(d),
        });
    }
    if (reportUnused && !d.ids.length && !d.used.size)
      reports.push({ ruleId: null, severity: reportUnused, message: `Unused djlint-conf-${d.kind} directive (no problem was reported here)`, ...at(d) });
  }
  return { kept, reports };
}

/**
 * For each message, the first directive (in comment order) whose lines hold it
 * and whose ids name its rule, or null; `syntax` is never suppressed. Without
 * trying every directive for every message: directives that govern one line
 * are looked up by line, ranges by a sweep over the lines, with, per rule id,
 * the ranges open at the current line in a heap by comment order.
 */
function governingDirectives(directives: Directive[], messages: Diagnostic[]): (Directive | null)[] {
  const index = new Map(directives.map((d, i) => [d, i]));
  const byLine = new Map<number, Directive[]>();
  const ranges: Directive[] = [];
  for (const d of directives) {
    if (d.kind === "disable" || d.kind === "disable-file") ranges.push(d);
    else {
      const list = byLine.get(d.from);
      if (list) list.push(d);
      else byLine.set(d.from, [d]);
    }
  }
  ranges.sort((a, b) => a.from - b.from || (index.get(a) as number) - (index.get(b) as number));
  const ALL = "\0all";
  const open = new Map<string, MinHeap<Directive>>();
  const heap = (key: string) => {
    let h = open.get(key);
    if (!h) open.set(key, (h = new MinHeap<Directive>((a, b) => (index.get(a) as number) - (index.get(b) as number))));
    return h;
  };
  /** The first directive of a heap still open at `line` (those that ended before it are dropped for good: lines only grow). */
  const firstOpen = (key: string, line: number) => {
    const h = open.get(key);
    while (h?.peek() && (h.peek() as Directive).to < line) h.pop();
    return h?.peek() ?? null;
  };
  const out: (Directive | null)[] = new Array(messages.length).fill(null);
  const order = messages.map((_, i) => i).sort((a, b) => messages[a].range.line - messages[b].range.line || a - b);
  let next = 0;
  for (const i of order) {
    const m = messages[i];
    if (m.ruleId === "syntax") continue;
    const id = m.ruleId as string;
    const line = m.range.line;
    for (; next < ranges.length && ranges[next].from <= line; next++) {
      const d = ranges[next];
      if (!d.ids.length) heap(ALL).push(d);
      else for (const x of new Set(d.ids)) heap(x).push(d);
    }
    let best: Directive | null = null;
    const better = (d: Directive | null) => {
      if (d && (!best || (index.get(d) as number) < (index.get(best) as number))) best = d;
    };
    better(firstOpen(id, line));
    better(firstOpen(ALL, line));
    for (const d of byLine.get(line) ?? []) {
      if (!d.ids.length || d.ids.includes(id)) {
        better(d);
        break;
      }
    }
    out[i] = best;
  }
  return out;
}

/** A binary min-heap. */
class MinHeap<T> {
  private items: T[] = [];
  constructor(private less: (a: T, b: T) => number) {}

  peek(): T | undefined {
    return this.items[0];
  }

  push(x: T) {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (this.less(a[i], a[p]) >= 0) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last !== undefined) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m]) < 0) m = l;
        if (r < a.length && this.less(a[r], a[m]) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
