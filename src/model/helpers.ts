/** General helpers every model's rules use to say where something is (reachable from src/rule-api.ts). */
import path from "node:path";
import { phrase, type Phrase } from "../source/quote.js";

type AtLine = { file: string; range: { line: number } };

/** "line 4 of apache2.conf": a place named with its file. */
export function lineIn(node: AtLine): Phrase {
  return phrase`line ${node.range.line} of ${path.basename(node.file)}`;
}

/** "line 4", or "line 4 of apache2.conf" when the node sits in another file than the finding. */
export function lineRef(node: AtLine, from: { file: string }): Phrase {
  return node.file === from.file ? phrase`line ${node.range.line}` : lineIn(node);
}
