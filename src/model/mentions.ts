/**
 * Which of a set of names occur in a set of texts (as `text.includes(name)`
 * would say), in one pass over the texts whatever the names: an Aho–Corasick
 * automaton of the names, each text read once. Asked name by name, every name
 * scanned every text (names x texts, and both grow with the number of sites);
 * a pass per distinct name length still grew with the lengths a fleet's names
 * take (`shop7.fcgi`, `shop42.fcgi`, `shop512.fcgi`).
 */
export function namesMentioned(names: Iterable<string>, texts: Iterable<string>): Set<string> {
  const wanted = new Set<string>();
  for (const n of names) if (n) wanted.add(n);
  const found = new Set<string>();
  if (!wanted.size) return found;
  const m = automaton(wanted);
  for (const t of texts) {
    let state = 0;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      let next = m.goto[state].get(c);
      while (next === undefined && state !== 0) {
        state = m.fail[state];
        next = m.goto[state].get(c);
      }
      state = next ?? 0;
      // Every name ending here: this node's, then those its failure chain ends with.
      for (let s = m.name[state] !== null ? state : m.output[state]; s > 0; s = m.output[s]) found.add(m.name[s] as string);
      if (found.size === wanted.size) return found;
    }
  }
  return found;
}

interface Automaton {
  /** Each node's transitions by UTF-16 code unit; node 0 is the root. */
  goto: Map<number, number>[];
  /** The node of the longest proper suffix of this node's string that is a prefix of some name. */
  fail: number[];
  /** The name this node completes, if any. */
  name: (string | null)[];
  /** The nearest node on the failure chain that completes a name (0: none). */
  output: number[];
}

function automaton(names: Set<string>): Automaton {
  const goto: Map<number, number>[] = [new Map()];
  const name: (string | null)[] = [null];
  for (const n of names) {
    let s = 0;
    for (let i = 0; i < n.length; i++) {
      const c = n.charCodeAt(i);
      let t = goto[s].get(c);
      if (t === undefined) {
        t = goto.length;
        goto.push(new Map());
        name.push(null);
        goto[s].set(c, t);
      }
      s = t;
    }
    name[s] = n;
  }
  const fail = new Array<number>(goto.length).fill(0);
  const output = new Array<number>(goto.length).fill(0);
  // Breadth first: a node's failure link is found from its parent's, which is shallower.
  const queue = [...goto[0].values()];
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q];
    for (const [c, t] of goto[s]) {
      let f = fail[s];
      while (f !== 0 && !goto[f].has(c)) f = fail[f];
      const via = goto[f].get(c);
      fail[t] = via !== undefined && via !== t ? via : 0;
      output[t] = name[fail[t]] !== null ? fail[t] : output[fail[t]];
      queue.push(t);
    }
  }
  return { goto, fail, name, output };
}
