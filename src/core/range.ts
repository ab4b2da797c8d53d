/**
 * Where things are. Offsets are 0-based with an exclusive end; line and
 * column are 1-based with an exclusive end column (what SARIF and LSP expect).
 */
export interface Range {
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Anything a diagnostic can point at. */
export interface Positioned {
  range: Range;
  file: string;
}
