/**
 * --fix: lint, apply every safe fix, lint again, until nothing changes (at most
 * 10 passes), as ESLint does. Edits that overlap an edit already taken wait for
 * the next pass. A pass that would add syntax problems to a file is not taken
 * for that file.
 *
 * Only the files given as `sources` are fixed (the files the user named, or
 * standard input); findings in other files (reached through includes) are
 * reported, never fixed. Fixes edit bytes: each pass maps its text edits to
 * byte ranges of the file as read (src/source/decode.ts), so everything
 * outside the edits is kept byte for byte, whatever the encoding. Nothing is
 * written here; src/fix/write.ts does that.
 */
import { applyFixes } from "../engine/apply-fixes.js";
import type { Diagnostic, Fix, TextEdit } from "../core/diagnostic.js";
import { lintFiles, type LintOptions, type LintResult } from "../engine/run.js";
import { decodeBytes, isValid, type Decoded } from "../source/decode.js";
import { composeEdits, editBytes } from "./edits.js";

/** A file fixes may change: its bytes as read. */
export interface FixSource {
  bytes: Buffer;
}

export interface FixedFile {
  /** Text as read, and after fixing. */
  before: string;
  after: string;
  /** The new bytes. */
  bytes: Buffer;
  /** Fixes applied to this file. */
  applied: number;
  /** All the changes, as edits on the text as read. */
  edits: TextEdit[];
}

/** Which fixes a run applies: Ruff's model (safe ones; unsafe too with --unsafe-fixes), limited to some rules with --fix-rule. */
export interface FixSelection {
  unsafe: boolean;
  /** Only these rules' fixes; all rules when absent. */
  rules?: ReadonlySet<string>;
}

export const SAFE_FIXES: FixSelection = { unsafe: false };

/** Whether a finding's fix is one the run applies. */
export function selected(d: Diagnostic, sel: FixSelection): boolean {
  if (!d.fix || !d.fix.edits.length) return false;
  if (d.fix.safety !== "safe" && !sel.unsafe) return false;
  return !sel.rules || (d.ruleId !== null && sel.rules.has(d.ruleId));
}

export interface FixOutcome {
  /** The findings that remain after fixing. */
  run: LintResult;
  /** Every source that changed, by path. */
  changed: Map<string, FixedFile>;
  /** How many fixes were applied. */
  applied: number;
  /** Fixes not applied for a reason the user should hear, by file. */
  notices: { file: string; message: string }[];
  /** Selected fixes left in files that are not sources (reached through includes). */
  elsewhere: number;
  /** Unsafe fixes (of the selected rules) left unapplied because --unsafe-fixes was not given. */
  hiddenUnsafe: number;
}

const MAX_PASSES = 10;

interface State {
  bytes: Buffer;
  decoded: Decoded;
  applied: number;
  /** Edits on the text as read that make this one. */
  edits: TextEdit[];
}

export function fixFiles(files: string[], opts: LintOptions, sources: Map<string, FixSource>, sel: FixSelection = SAFE_FIXES): FixOutcome {
  const overlay = new Map(opts.overlay ?? []);
  const state = new Map<string, State>();
  for (const [file, s] of sources) {
    const decoded = decodeBytes(s.bytes);
    state.set(file, { bytes: s.bytes, decoded, applied: 0, edits: [] });
    overlay.set(file, decoded.text);
  }
  const original = new Map(state);
  const refused = new Set<string>();
  const notices: FixOutcome["notices"] = [];
  const noticed = new Set<string>();
  const notice = (file: string, message: string) => {
    if (noticed.has(`${file}\0${message}`)) return;
    noticed.add(`${file}\0${message}`);
    notices.push({ file, message });
  };
  let run = lintFiles(files, { ...opts, overlay });
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const before = new Map<string, State>();
    for (const [file, fixes] of fixesByFile(run, state, refused, sel)) {
      const cur = state.get(file) as State;
      const next = applyToBytes(cur, file, fixes, (original.get(file) as State).decoded.text.length, (m) => notice(file, m));
      if (!next) continue;
      if ("refused" in next) {
        refused.add(file);
        notice(file, next.refused);
        continue;
      }
      before.set(file, cur);
      state.set(file, next);
      overlay.set(file, next.decoded.text);
    }
    if (!before.size) break;
    const next = lintFiles(files, { ...opts, overlay });
    // Never keep a change that makes a file parse worse.
    const was = syntaxCounts(run);
    const now = syntaxCounts(next);
    let reverted = false;
    for (const [file, prev] of before) {
      if ((now.get(file) ?? 0) > (was.get(file) ?? 0)) {
        state.set(file, prev);
        overlay.set(file, prev.decoded.text);
        refused.add(file);
        reverted = true;
      }
    }
    run = reverted ? lintFiles(files, { ...opts, overlay }) : next;
  }
  const changed = new Map<string, FixedFile>();
  let applied = 0;
  for (const [file, s] of state) {
    const was = original.get(file) as State;
    applied += s.applied;
    if (!s.bytes.equals(was.bytes)) changed.set(file, { before: was.decoded.text, after: s.decoded.text, bytes: s.bytes, applied: s.applied, edits: s.edits });
  }
  const hiddenUnsafe = sel.unsafe ? 0 : countFixes(run, (d) => selected(d, { ...sel, unsafe: true }) && d.fix?.safety === "unsafe");
  return { run, changed, applied, notices, elsewhere: countFixes(run, (d) => selected(d, sel) && d.fix!.edits.some((e) => !state.has(e.file))), hiddenUnsafe };
}

/** The selected fixes of a run by the source they edit; a fix spanning several files waits until each is free. */
function fixesByFile(run: LintResult, state: Map<string, State>, refused: Set<string>, sel: FixSelection): Map<string, Fix[]> {
  const byFile = new Map<string, Fix[]>();
  for (const r of run.results) {
    for (const d of r.messages) {
      if (!selected(d, sel) || refused.has(d.file)) continue;
      for (const file of new Set(d.fix!.edits.map((e) => e.file))) {
        if (!state.has(file) || refused.has(file)) continue;
        let list = byFile.get(file);
        if (!list) byFile.set(file, (list = []));
        list.push(d.fix!);
      }
    }
  }
  return byFile;
}

function countFixes(run: LintResult, which: (d: Diagnostic) => boolean): number {
  let n = 0;
  for (const r of run.results) for (const d of r.messages) if (which(d)) n++;
  return n;
}

/**
 * One pass of fixes on one file's bytes: null when none applies, a refusal
 * when the new bytes would not read back as the new text.
 */
function applyToBytes(cur: State, file: string, fixes: Fix[], originalLength: number, notice: (message: string) => void): State | { refused: string } | null {
  let usable = fixes;
  if (!isValid(cur.decoded)) {
    // Inserted text is UTF-8: in a file that is not, only ASCII keeps its encoding (and U+FFFD would not be the byte it replaced).
    usable = fixes.filter((f) => f.edits.every((e) => /^[\x00-\x7f]*$/.test(e.text)));
    if (usable.length < fixes.length) notice("not every fix was applied: the file is not valid UTF-8 and those fixes would insert non-ASCII text into it");
  }
  const out = applyFixes(cur.decoded.text, file, usable);
  if (!out.edits.length) return null;
  const bytes = editBytes(cur.bytes, cur.decoded, out.edits);
  const decoded = decodeBytes(bytes);
  if (decoded.text !== out.text)
    return { refused: "not fixed: the fixed bytes would not read back as the fixed text (an edit next to bytes that are not valid UTF-8)" };
  return { bytes, decoded, applied: cur.applied + out.applied.length, edits: composeEdits(originalLength, cur.edits, out.edits, file) };
}

function syntaxCounts(run: LintResult): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of run.results) m.set(r.filePath, r.messages.filter((d) => d.ruleId === "syntax").length);
  return m;
}
