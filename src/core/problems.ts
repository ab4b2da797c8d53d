/** What the grammars and the loaders find before any rule runs: reported under engine ids. */
import type { Severity } from "./diagnostic.js";
import type { Range } from "./range.js";

/** A parse problem, always reported under the engine id `syntax`. */
export interface SyntaxProblem {
  message: string;
  range: Range;
  file: string;
  /** A section left open at the end of its file: the model decides (httpd reads an open conditional whose condition holds as closed). */
  unclosed?: object;
}

/** A finding from the loader (includes), before severity configuration applies. */
export interface LoadProblem {
  ruleId: "include-not-found" | "include-cycle" | "include-not-followed" | "syntax";
  message: string;
  file: string;
  range: Range;
  /** Overrides the id's default severity when the loader knows it cannot be sure. */
  severity?: Severity;
}
