/** Findings the engine itself reports, with catalog ids like rules. */
import type { Severity } from "../core/diagnostic.js";

export interface EngineIdMeta {
  id: string;
  severity: Severity;
  summary: string;
}

export const ENGINE_IDS: EngineIdMeta[] = [
  { id: "syntax", severity: "error", summary: "The file does not parse as the server reads it" },
  { id: "include-not-found", severity: "warning", summary: "An Include whose target matches no file, or matches a symbolic link to nothing" },
  { id: "include-cycle", severity: "error", summary: "A file includes itself, directly or through others" },
  {
    id: "include-not-followed",
    severity: "info",
    summary: "An include the linter does not follow (never executed or read), or sections nested too deep to check",
  },
  { id: "internal-error", severity: "error", summary: "A rule failed on a file (a bug in djlint-conf): the other rules still ran; the command exits 2" },
];

/** The engine id of a rule that threw: always reported, and the command line exits 2 for it. */
export const INTERNAL_ERROR = "internal-error";
