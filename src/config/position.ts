/**
 * Where a key of a configuration file is written (JSON or YAML), so that a
 * configuration error points at it as a syntax error would. Only errors need
 * it: the `yaml` parser (which reads JSON too, keeping every node's offsets)
 * is loaded on the first call.
 */
export interface Position {
  line: number;
  col: number;
}

/**
 * The 1-based position of `key` (as ConfigProblem spells it: `rules.apache/x`,
 * `overrides[1].files[0]`; a map key may itself hold dots) in `text`, or
 * undefined when it cannot be found (a JavaScript configuration). A missing
 * key is placed at the nearest key above it that is written.
 */
export async function keyPosition(text: string, key: string, under: string[] = []): Promise<Position | undefined> {
  const { parseDocument, LineCounter, isMap, isSeq, isScalar } = await import("yaml");
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  let node: unknown = doc.contents;
  let at: number | undefined;
  let rest = [...under.map((u) => `${u}.`), key].join("");
  while (rest !== "") {
    const index = /^\[(\d+)\]\.?/.exec(rest);
    if (index && isSeq(node)) {
      node = node.items[Number(index[1])];
      at = (node as { range?: [number] } | undefined)?.range?.[0];
      rest = rest.slice(index[0].length);
      continue;
    }
    if (!isMap(node)) break;
    // The longest key that the rest of the path starts with (a glob or rule id may hold dots).
    let best: { len: number; pair: (typeof node.items)[number] } | undefined;
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (k === undefined || !rest.startsWith(k)) continue;
      const next = rest.charAt(k.length);
      if ((next === "" || next === "." || next === "[") && (!best || k.length > best.len)) best = { len: k.length, pair };
    }
    if (!best) break; // a key that is missing: point at what should hold it
    at = (best.pair.key as { range?: [number] }).range?.[0];
    node = best.pair.value;
    rest = rest.slice(best.len).replace(/^\./, "");
  }
  if (at === undefined) return undefined;
  const p = lines.linePos(at);
  return { line: p.line, col: p.col };
}

/** Where a JSON or YAML parser's message says the text broke, or undefined. */
export function parsePosition(text: string, message: string): Position | undefined {
  const yamlPos = /\((\d+):(\d+)\)/.exec(message);
  if (yamlPos) return { line: Number(yamlPos[1]), col: Number(yamlPos[2]) };
  const offset = /at position (\d+)/.exec(message);
  if (offset) {
    const before = text.slice(0, Number(offset[1])).split("\n");
    return { line: before.length, col: before[before.length - 1].length + 1 };
  }
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  return lineCol ? { line: Number(lineCol[1]), col: Number(lineCol[2]) } : undefined;
}
