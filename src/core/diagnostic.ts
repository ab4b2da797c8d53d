/** What leaves the engine: one finding, positioned in the file where the directive is written. */
import type { Range } from "./range.js";

export type Severity = "error" | "warning" | "info";
export type SeverityOrOff = Severity | "off";
export const SEVERITIES: readonly SeverityOrOff[] = ["off", "info", "warning", "error"];

/** A text edit on one file: 0-based offsets, end exclusive, into the original text. */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  title: string;
  safety: "safe" | "unsafe";
  edits: TextEdit[];
}

/** The other side of a finding (the settings line behind a proxy finding, say): SARIF `relatedLocations`, LSP `relatedInformation`. */
export interface RelatedLocation {
  file: string;
  range: Range;
  /** What that place is, in a few words ("SECURE_PROXY_SSL_HEADER is set here"). */
  message: string;
}

export interface Diagnostic {
  /** null for problems with suppression comments themselves, as ESLint reports them. */
  ruleId: string | null;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  fix?: Fix;
  related?: RelatedLocation[];
}
