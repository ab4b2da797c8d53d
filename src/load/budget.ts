/**
 * A bound on the memory a run spends on parsed files. Parsing costs per token
 * (the lexer's token, then the AST's argument node and range), not per byte:
 * a line of one-letter arguments (`Header set X a b c d ...`) costs about 140
 * bytes of memory per byte of text, where a usual config costs about 40. So
 * before a file is parsed, a cheap scan counts its words and punctuation, the
 * cost is estimated from that, and a file that would take the run over its
 * budget is refused with a message naming the limit, before the machine runs
 * out of memory.
 */
import type { FsFacade } from "./fs-facade.js";

/** The memory, estimated, that the parsed files of one run may take. */
export const RUN_MEMORY_BUDGET = 1024 * 1024 * 1024;

/*
 * Each dialect's FileFormat (src/load/<dialect>.ts) gives its grammar's
 * estimated bytes per counted token: peak RSS over counted tokens on 8 MB
 * files of one-letter arguments (Node 20; the lexer's tokens and the AST are
 * alive together at the end of a parse, lighttpd also builds a node per list
 * entry). On usual configs (the benchmark's 10 MB trees) the estimate is
 * within 15% for Apache and nginx, and twice the real cost for lighttpd.
 */

/**
 * Words and punctuation in a text, about as many as the lexers make tokens:
 * each run of characters that are neither blank nor punctuation, and each
 * punctuation character (`{ } ( ) ; , = < >` and quotes start or end one).
 */
export function countTokens(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) inWord = false;
    else if (c === 123 || c === 125 || c === 40 || c === 41 || c === 59 || c === 44 || c === 61 || c === 60 || c === 62) {
      n++;
      inWord = false;
    } else if (!inWord) {
      n++;
      inWord = true;
    }
  }
  return n;
}

/** What each run (one file-system facade per run) has spent so far. */
const spent = new WeakMap<FsFacade, number>();

const mb = (bytes: number) => (bytes >= 1024 * 1024 * 1024 ? `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB` : `${Math.ceil(bytes / 1024 / 1024)} MB`);

/**
 * Charge a file's estimated parse cost to its run; the reason it is refused
 * (the run would exceed RUN_MEMORY_BUDGET), or null when it may be parsed.
 */
export function chargeParse(run: FsFacade, text: string, bytesPerToken: number, budget = RUN_MEMORY_BUDGET): string | null {
  const tokens = countTokens(text);
  const cost = tokens * bytesPerToken + text.length * 2;
  const before = spent.get(run) ?? 0;
  if (before + cost > budget) {
    const words = tokens >= 1e6 ? `${(tokens / 1e6).toFixed(1)} million` : String(tokens);
    const what = cost > budget ? `parsing it would need about ${mb(cost)}` : `with the files read before it, the run would need about ${mb(before + cost)}`;
    return `not read: it holds ${words} words and arguments, and ${what} of memory, more than the ${mb(budget)} djlint-conf allows a run (lint fewer files at a time, or split this one)`;
  }
  spent.set(run, before + cost);
  return null;
}
