/** Shared vocabulary of the differential conformance suite. */
import type { Dialect as RegisteredDialect } from "../../src/core/dialect.js";
import { dialectNames } from "../../src/dialects/registry.js";

/**
 * The dialects the suite checks: every registered one, in the registry's
 * order. Each needs its server as an oracle (binary, error wording, wrappers,
 * mutants): the tables and switches keyed by `Dialect` in this folder must
 * cover every registered dialect, and the type checker says where one is
 * missing.
 */
export type Dialect = RegisteredDialect;
export const DIALECTS: Dialect[] = dialectNames();

/** How a server's rejection reads: only some kinds say something about the file's syntax. */
export type Category =
  /** Structure: unbalanced blocks/sections, unterminated strings, missing terminators. */
  | "syntax"
  /** A directive name the server does not know. */
  | "unknown"
  /** A known directive where it is not allowed. */
  | "context"
  /** Arguments: count, values, duplicates (what neither grammar nor catalog checks). */
  | "semantic"
  /** Files, users, hosts, certificates, modules of this machine. */
  | "environment";

/** The server's verdict on one case: exit status and its first error. */
export interface ServerVerdict {
  ok: boolean;
  /** Corpus-relative file of the first error (or the absolute path when outside the corpus copy). */
  file?: string;
  line?: number;
  message: string;
  category?: Category;
  /** lighttpd accepted it but `-p` shows it did not read the file as the unmodified one (set for mutants only). */
  misread?: boolean;
  /** Number of lines of the file the error is in (for "reported at end of file"). */
  eofLine?: number;
}

export interface OurFinding {
  ruleId: string;
  file: string;
  line: number;
  message: string;
}

export interface OurVerdict {
  reject: boolean;
  /** Rejecting findings, in file order. */
  findings: OurFinding[];
  /** Set when the engine threw. */
  crash?: string;
}

/** One corpus file, as checked: its place in the corpus and in each lane's copy. */
export interface Subject {
  dialect: Dialect;
  /** Path relative to the corpus (`nginx/owner__repo/...`). */
  rel: string;
  notes: string;
  invalid: boolean;
}

/** The context a file is checked in: as the main config, or included from a minimal wrapper. */
export type Wrap = "main" | "top" | "http" | "server" | "location" | "directory";

export type MutantKind = "delete-semicolon" | "delete-brace" | "delete-close-section" | "delete-comma" | "delete-quote" | "break-quote" | "misspell" | "move";

export interface Mutant {
  kind: MutantKind;
  /** 1-based line of the change in the mutated text (where the server should complain first, if anywhere). */
  line: number;
  /** What was changed, for the report. */
  what: string;
  text: string;
}

export interface CaseResult {
  dialect: Dialect;
  rel: string;
  wrap: Wrap;
  kind: "original" | MutantKind;
  mutant?: { line: number; what: string };
  server: ServerVerdict;
  ours: OurVerdict;
  outcome: Outcome;
  /** Set for disagreements and documented line shifts: the explanation's id. */
  reason?: string;
}

export type Outcome =
  | "agree-accept"
  | "agree-reject"
  /** Both reject; lines differ for a documented structural reason (e.g. server reports at EOF). */
  | "agree-shifted"
  /** The server exits 0 but its own dump (`lighttpd -p`) shows it dropped or changed what the mutant still says: we reject. */
  | "agree-misread"
  | "line-mismatch"
  | "false-rejection"
  | "missed-rejection";

export const DISAGREEMENTS: Outcome[] = ["line-mismatch", "false-rejection", "missed-rejection"];
