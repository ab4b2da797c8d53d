/**
 * Why the server and we disagree: a small table of explanations keyed by
 * pattern (dialect, case kind, the server's message, our finding). The report
 * names the first entry that matches each disagreement; a disagreement that no
 * entry matches is "unexplained" and shows up in the table. Entries marked
 * `shift` are line differences with a structural cause: the case counts as an
 * agreement.
 */
import { ourFirst } from "./compare.js";
import { scanBraces } from "./mutators.js";
import type { CaseResult, Dialect, MutantKind, Outcome } from "./types.js";

export interface Explanation {
  id: string;
  outcome: Extract<Outcome, "line-mismatch" | "false-rejection" | "missed-rejection">;
  dialects?: Dialect[];
  kinds?: ("original" | MutantKind)[];
  /** Tested against the server's first error message. */
  server?: RegExp;
  /** Tested against `<ruleId>: <message>` of our first rejecting finding. */
  ours?: RegExp;
  /** `text` is the case's text of the checked corpus file. */
  when?: (c: Omit<CaseResult, "outcome" | "reason">, text: string) => boolean;
  /** A documented line shift: both reject for the same structural reason, the server reports elsewhere. */
  shift?: boolean;
  reason: string;
}
export type Explained = Explanation;

type C = Omit<CaseResult, "outcome" | "reason">;

/** The server stopped on the last line of the file, or on the line after it (lighttpd reports end of file there). */
const atEof = (c: C) => c.server.line !== undefined && c.server.eofLine !== undefined && c.server.line >= c.server.eofLine - 1;
/** The server's line is after our first finding's (it reads on before it notices). */
const serverLater = (c: C) => {
  const f = ourFirst(c);
  return !!f && f.file === c.server.file && c.server.line !== undefined && c.server.line > f.line;
};
/** Our message names a line ("... on line N ..."), and the server stopped there or later, up to `slack` lines. */
const namedLine = (re: RegExp, cmp: (server: number, named: number) => boolean) => (c: C) => {
  const f = ourFirst(c);
  const m = f ? re.exec(f.message) : null;
  return !!m && f?.file === c.server.file && c.server.line !== undefined && cmp(c.server.line, Number(m[1]));
};
/** Both messages name the same directive. */
const sameName = (c: C) => {
  const f = ourFirst(c);
  const s = /"([^"]+)"/.exec(c.server.message)?.[1] ?? /'([^']+)'/.exec(c.server.message)?.[1];
  return !!f && !!s && f.message.toLowerCase().includes(s.toLowerCase());
};

/** Apache: the opening lines (1-based) of the sections that enclose `line`, outermost first, with their tags. */
export function enclosingSections(text: string, line: number): { line: number; tag: string }[] {
  const stack: { line: number; tag: string }[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < line - 1 && i < lines.length; i++) {
    const close = /^\s*<\/([A-Za-z]\w*)\s*>/.exec(lines[i]);
    const open = /^\s*<([A-Za-z]\w*)([^>]*)>?/.exec(lines[i]);
    if (close) {
      const at = stack.map((s) => s.tag.split(/\s/)[0].toLowerCase()).lastIndexOf(close[1].toLowerCase());
      if (at >= 0) stack.length = at;
    } else if (open) stack.push({ line: i + 1, tag: `${open[1]}${open[2]}`.trim() });
  }
  return stack;
}

/** Our first finding sits in an `<IfDefine NAME>` (nothing is defined for `apache2 -t` here): httpd skips that body. */
const inUndefinedIfDefine = (c: C, text: string) => {
  const f = ourFirst(c);
  return !!f && f.file === c.rel && enclosingSections(text, f.line).some((s) => /^IfDefine\s+[^!\s]/i.test(s.tag));
};

/**
 * lighttpd does not count the newlines inside quoted strings: after a string that spans lines
 * its line numbers are low by that many. Our first finding's line, counted the way lighttpd
 * counts, is the server's line.
 */
const lighttpdCountsLikeThis = (c: C, text: string) => {
  const f = ourFirst(c);
  if (!f || f.file !== c.rel || c.server.file !== c.rel || c.server.line === undefined) return false;
  let offset = 0;
  for (let l = 1; l < f.line && offset >= 0; l++) offset = text.indexOf("\n", offset) + 1;
  let inStrings = 0;
  for (const [open, close] of scanBraces(text, "lighttpd").strings) {
    if (open >= offset) break;
    for (let i = open; i < Math.min(close, offset); i++) if (text[i] === "\n") inStrings++;
  }
  return inStrings > 0 && f.line - inStrings === c.server.line;
};

const usesMacros = (text: string) => /^[ \t]*Use[ \t]+\S/im.test(text) && /^[ \t]*<Macro[ \t]/im.test(text);

/** nginx: the line where the statement going on at `line` ends (its next `;`, `{` or `}`). */
const statementEnd = (text: string, line: number) => {
  let offset = 0;
  for (let l = 1; l < line && offset >= 0; l++) offset = text.indexOf("\n", offset) + 1;
  const end = scanBraces(text, "nginx").marks.find((m) => m.at >= offset);
  return end ? text.slice(0, end.at).split("\n").length : Infinity;
};

export const EXPLANATIONS: Explanation[] = [
  // ---- line shifts: same error, reported elsewhere for a structural reason (count as agreement)
  {
    id: "nginx-eof-unclosed-block",
    outcome: "line-mismatch",
    shift: true,
    dialects: ["nginx"],
    server: /^unexpected end of file/,
    ours: /^syntax: .*(never closed|not closed|unterminated)/,
    reason:
      "A block or a quoted string left open: nginx notices at end of file and reports the file's last line; we report where the block or the string starts.",
  },
  {
    id: "nginx-semicolon-runs-on",
    outcome: "line-mismatch",
    shift: true,
    dialects: ["nginx"],
    ours: /^syntax: .* is not terminated by ";" before/,
    when: (c, text) => c.server.file === c.rel && namedLine(/ on line (\d+)$/, (server, named) => server >= named && server <= statementEnd(text, named))(c),
    reason:
      "A directive without its `;` runs into the next statement: nginx rejects the merged directive where it ends (the `;` or `{` it reaches, whose line it reports), we report the directive that lacks the `;` and name the line it runs into; the server's line is that one or a later one of the same merged statement.",
  },
  {
    id: "nginx-merged-statement-form",
    outcome: "line-mismatch",
    shift: true,
    dialects: ["nginx"],
    ours: /^directive-context: .*is a ';' missing/,
    when: (c, text) => {
      const f = ourFirst(c);
      return !!f && f.file === c.server.file && c.server.line !== undefined && c.server.line >= f.line && c.server.line <= statementEnd(text, f.line);
    },
    reason:
      "A missing `;` merges two statements into one: nginx rejects the merged statement (a data entry with four values, a block after a directive that takes none) where it ends, at the `;` or `{` it reaches, and reports that line; we report the statement that lacks the `;`, where it starts.",
  },
  {
    id: "nginx-quote-swallows-block",
    outcome: "line-mismatch",
    shift: true,
    dialects: ["nginx"],
    kinds: ["break-quote"],
    ours: /^directive-context: .*needs a block/,
    when: serverLater,
    reason:
      "A quote without its closing quote runs to the next quote, lines later, swallowing the `{` of a block directive (`if (...) {`): the statement then ends at a `;` without its block. nginx stops at the first character glued to the new closing quote, on a later line; we report the block directive that lost its `{`.",
  },
  {
    id: "nginx-unclosed-block-consequence",
    outcome: "line-mismatch",
    shift: true,
    dialects: ["nginx"],
    ours: /^syntax: .*block is never closed/,
    when: serverLater,
    reason:
      "A `}` is missing (deleted, or swallowed by a string whose closing quote is gone): nginx reads on with the following statements inside the block and stops at the first one that cannot be there (a directive not allowed in it, a location nested in a location it cannot be in, a character glued to a quote, a stray `}`); we report first the block that is not closed, before that line.",
  },
  {
    id: "nginx-multi-line-directive",
    outcome: "line-mismatch",
    shift: true,
    dialects: ["nginx"],
    ours: /^(unknown-directive|directive-context): /,
    when: (c, text) => c.server.file === c.rel && sameName(c) && serverLater(c) && (c.server.line as number) <= statementEnd(text, ourFirst(c)?.line ?? 0),
    reason: "A directive whose arguments span several lines: nginx reports it at the line of its last token (its `;` or `{`), we report its name.",
  },
  {
    id: "apache-mismatch-at-opener",
    outcome: "line-mismatch",
    shift: true,
    dialects: ["apache"],
    server: /^Expected <\/\w+> but saw/,
    ours: /^syntax: expected <\/\w+> but saw/,
    when: (c, text) =>
      c.server.file === c.rel &&
      namedLine(/ on line (\d+) is not closed/, (server, named) => server === named || enclosingSections(text, named).some((s) => s.line === server))(c),
    reason:
      "A closing tag that does not match: httpd reports it at the line of the section whose body failed to parse, the unclosed section or one that encloses it (an error inside `<IfModule>`/`<IfDefine>` surfaces at that section's line); we report the closing tag and name the unclosed section's line in the message.",
  },
  {
    id: "lighttpd-eof-unclosed",
    outcome: "line-mismatch",
    shift: true,
    dialects: ["lighttpd"],
    server: /parser failed|missing closing quote/,
    ours: /^syntax: .*(not closed|runs to the end of the file)/,
    when: atEof,
    reason:
      "A conditional block, a list or a string left open: lighttpd's parser fails at end of file (it reports the last line or the one after it); we report where the block, list or string starts.",
  },
  {
    id: "lighttpd-newlines-in-strings",
    outcome: "line-mismatch",
    shift: true,
    dialects: ["lighttpd"],
    when: lighttpdCountsLikeThis,
    reason:
      "lighttpd 1.4.69 does not count the newlines inside quoted strings, so after a string that spans lines (one whose closing quote is gone and that the next quote closes) it reports lines too low by that many. Counted its way, our line is the server's line.",
  },
  {
    id: "lighttpd-unclosed-block-consequence",
    outcome: "line-mismatch",
    shift: true,
    dialects: ["lighttpd"],
    ours: /^syntax: '\{' is not closed/,
    when: serverLater,
    reason:
      "A string that swallows the `}` of the block it is in (its closing quote is gone): lighttpd stops at the first character it cannot read after the string, we report first the block that the swallowed `}` leaves open (and the character too, later).",
  },
  {
    id: "lighttpd-dropped-entries-consequence",
    outcome: "line-mismatch",
    shift: true,
    dialects: ["lighttpd"],
    kinds: ["delete-comma"],
    ours: /^syntax: missing ','/,
    when: (c) => c.server.file === undefined || serverLater(c),
    reason:
      "A list entry without its `,`: lighttpd 1.4.69 drops the rest of the list silently, and the module that reads the option then fails on what is missing, at a later line or with no line at all; we report the missing `,`.",
  },

  // ---- disagreements
  {
    id: "apache-conditional-open-at-eof",
    outcome: "false-rejection",
    dialects: ["apache"],
    ours: /^syntax: <(IfModule|IfDefine|IfVersion|IfFile|IfDirective|IfSection)\b[^>]*> was not closed/i,
    reason:
      'httpd accepts an `<IfModule>`/`<IfDefine>` left open at the end of a file when its condition holds: it reads the rest of the file as the section\'s body and the end of the file ends it (when the condition does not hold it fails with "Expected </IfModule> before end of configuration"). Our grammar reports the open section whatever the condition; a report that depends on the loaded modules belongs in the model, not in the parser. To fix in grammars/apache (a false syntax error).',
  },
  {
    id: "apache-undefined-ifdefine",
    outcome: "false-rejection",
    dialects: ["apache"],
    ours: /^(unknown-directive|directive-context): /,
    when: inUndefinedIfDefine,
    reason:
      "The finding is inside `<IfDefine NAME>` with NAME not defined (`apache2 -t` here defines none; Gentoo's modules.d files wrap each module's settings this way): httpd skips that body without looking at its directives. The catalog rules report names and contexts there anyway; they should be silent in a section they cannot know is read. To fix in src/catalog (a false rejection).",
  },
  {
    id: "nginx-arguments-not-checked",
    outcome: "missed-rejection",
    dialects: ["nginx"],
    when: (c) => c.server.category === "semantic",
    reason:
      "The change leaves the syntax valid but a directive's arguments or values wrong (a missing `;` merges two statements into one directive with more arguments: a `listen` with a stray parameter, a `charset_map`/`map` entry with three values, an `access_log` naming an unknown format; a directive repeated in its block; buffer sizes that no longer fit). nginx checks argument counts and values while it reads; we report a missing `;` only where the directive's arity cannot take the next line's directive name, and check no argument values.",
  },
  {
    id: "nginx-block-after-simple-directive",
    outcome: "missed-rejection",
    dialects: ["nginx"],
    server: /^directive "[^"]*" is not terminated by ";"|has no opening "\{"/,
    reason:
      "A missing `;` before a block statement (`index a` then `location / {` on the next line): nginx reads one directive with a block that this directive does not take. Our grammar accepts a block after any name (modules add block directives), and no rule checks which directives take one.",
  },
  {
    id: "apache-quote-swallows-arguments",
    outcome: "missed-rejection",
    dialects: ["apache"],
    kinds: ["break-quote"],
    reason:
      "Without its closing quote httpd takes the rest of the line as one argument (no error for the quote itself); the directive then has fewer arguments than it needs (`BrowserMatch`, `SetEnvIf` need a variable). We check no argument counts.",
  },
  {
    id: "unknown-directive-not-reported",
    outcome: "missed-rejection",
    dialects: ["apache", "nginx"],
    server: /^Invalid command '|^unknown directive "/,
    reason:
      "The server does not know the (misspelt) name; the `unknown-directive` rule did not report it (its catalog does not cover this dialect yet, or the name is one it cannot rule out).",
  },
  {
    id: "directive-context-not-reported",
    outcome: "missed-rejection",
    dialects: ["apache", "nginx"],
    server: /not allowed here|not allowed in <[^>]+> context|cannot occur within|is not allowed here/,
    reason:
      "The server refuses the directive where it is (moved into a section or block that does not allow it); the `directive-context` rule did not report it (its catalog does not cover this dialect or this directive yet, or a macro expands the section).",
  },
  {
    id: "apache-macro-expansion",
    outcome: "missed-rejection",
    dialects: ["apache"],
    when: (_, text) => usesMacros(text),
    reason:
      "The file uses mod_macro: httpd expands each `Use` and parses the expansion, where the error is (the mod_macro tests break it on purpose); we do not expand macros.",
  },
  {
    id: "apache-macro-expansion-line",
    outcome: "line-mismatch",
    dialects: ["apache"],
    when: (_, text) => usesMacros(text),
    reason:
      "The file uses mod_macro: httpd expands `Use` while it reads the enclosing section, so the error it reports is in (or caused by) an expansion, at the `Use` line or the section's; we do not expand macros and report the structure as written.",
  },
  {
    id: "lighttpd-required-option-unset",
    outcome: "missed-rejection",
    dialects: ["lighttpd"],
    server: /document-root is not set/,
    reason:
      "The mutant unsets the global `server.document-root` (misspelt, or moved into a conditional), which lighttpd requires to start; that is not a syntax matter and no rule checks it.",
  },
  {
    id: "lighttpd-newer-syntax",
    outcome: "missed-rejection",
    dialects: ["lighttpd"],
    kinds: ["original"],
    when: (c) => /tests\/condition\.conf$/.test(c.rel),
    reason: "`if`/`elif`/`else` condition keywords are lighttpd 1.4.74 syntax; Debian 12's 1.4.69 rejects them, we accept the current syntax.",
  },
];

export function explain(c: Omit<CaseResult, "outcome" | "reason"> & { outcome: Outcome }, text = ""): Explanation | undefined {
  const first = ourFirst(c);
  const ours = first ? `${first.ruleId}: ${first.message}` : "";
  return EXPLANATIONS.find(
    (e) =>
      e.outcome === c.outcome &&
      (!e.dialects || e.dialects.includes(c.dialect)) &&
      (!e.kinds || e.kinds.includes(c.kind)) &&
      (!e.server || e.server.test(c.server.message)) &&
      (!e.ours || e.ours.test(ours)) &&
      (!e.when || e.when(c, text)),
  );
}
