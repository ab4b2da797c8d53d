/**
 * Which of a set of names occur in a set of texts (as `text.includes(name)`
 * would say), in one pass over the texts per distinct name length: asked name
 * by name, every name scanned every text, names x texts, and both grow with
 * the number of sites.
 */
export function namesMentioned(names: Iterable<string>, texts: Iterable<string>): Set<string> {
  const wanted = new Set<string>();
  for (const n of names) if (n) wanted.add(n);
  const found = new Set<string>();
  if (!wanted.size) return found;
  const lengths = [...new Set([...wanted].map((n) => n.length))];
  const firsts = new Set([...wanted].map((n) => n.charCodeAt(0)));
  for (const t of texts)
    for (let i = 0; i < t.length; i++) {
      if (!firsts.has(t.charCodeAt(i))) continue;
      for (const len of lengths) {
        if (i + len > t.length) continue;
        const s = t.slice(i, i + len);
        if (wanted.has(s)) found.add(s);
      }
    }
  return found;
}
