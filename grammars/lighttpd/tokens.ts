/**
 * lighttpd 1.4 tokens, after its tokenizer (src/configfile.c,
 * config_tokenizer): blanks are space, tab and U+00A0; `#` starts a comment
 * to the end of the line (outside strings); a string is `"..."` whose only
 * escape is `\"` and which may span lines; an integer is a run of digits; a
 * key is `[A-Za-z0-9._-]+` not starting with a digit (and may hold a
 * template placeholder, src/template/placeholder.ts: `{{ port }}` reads as a
 * variable nobody can know, `{{ extra }}` alone as statements); `include`,
 * `include_shell`, `global`, `else`/`elif`/`elsif`/`elseif` are keywords, and
 * `if` is one only right before a condition's `$` (lighttpd 1.4.74+ ignores it
 * there, and reads it as a key anywhere else).
 *
 * Line breaks are skipped here: lighttpd ignores them inside `( )`, and where
 * it does not, an unexpected one is dropped by its parser's error recovery
 * (lighttpd 1.4.69 reads `var.a =` + newline + `"x"` as `var.a = "x"`). The
 * two places where a line break changes the meaning (`+` at the start of a
 * line, a condition on the line after `else`) are checked by the parser.
 * Tokens are tried in order, so longer operators come before their prefixes.
 */
import { createToken, Lexer, type CustomPatternMatcherReturn } from "chevrotain";

type Match = CustomPatternMatcherReturn & { payload?: unknown };

/**
 * A string: from `"` to the next `"` not preceded by `\`. Payload: the value
 * with `\"` unescaped, and whether it was closed. An unterminated string
 * (no closing quote before the end of the file, which lighttpd rejects with
 * "missing closing quote") ends at the end of its line so the rest of the
 * file can still be read.
 */
export function matchString(text: string, offset: number): Match | null {
  if (text.charCodeAt(offset) !== 34) return null;
  let i = offset + 1;
  let value = "";
  let segStart = i;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92 && text.charCodeAt(i + 1) === 34) {
      value += text.slice(segStart, i) + '"';
      i += 2;
      segStart = i;
      continue;
    }
    if (c === 34) {
      value += text.slice(segStart, i);
      const m = [text.slice(offset, i + 1)] as unknown as Match;
      m.payload = { value, closed: true };
      return m;
    }
    i++;
  }
  let eol = offset + 1;
  while (eol < text.length && text.charCodeAt(eol) !== 10 && text.charCodeAt(eol) !== 13) eol++;
  const m = [text.slice(offset, eol)] as unknown as Match;
  m.payload = { value: text.slice(offset + 1, eol), closed: false };
  return m;
}

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\u00a0]+/, group: Lexer.SKIPPED });
export const NewLine = createToken({ name: "NewLine", pattern: /\r\n|\r|\n/, line_breaks: true, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /#[^\r\n]*/, group: "comments" });

/** Tokens that cannot start a statement: met there, each is reported (see the parser's `stray`). */
export const Stray = createToken({ name: "Stray", pattern: Lexer.NA });
/** `=`, `+=`, `:=` */
export const AssignOp = createToken({ name: "AssignOp", label: "'=', '+=' or ':='", pattern: Lexer.NA, categories: [Stray] });
/** `==`, `!=`, `=~`, `!~`, `=^`, `=$` */
export const CondOp = createToken({ name: "CondOp", label: "a comparison ('==', '!=', '=~', '!~', '=^' or '=$')", pattern: Lexer.NA, categories: [Stray] });

export const StringLiteral = createToken({
  name: "StringLiteral",
  label: "a string",
  pattern: { exec: (t: string, o: number) => matchString(t, o) },
  line_breaks: true,
  start_chars_hint: ['"'],
  categories: [Stray],
});
export const Integer = createToken({ name: "Integer", label: "a number", pattern: /[0-9]+/, categories: [Stray] });

export const Key = createToken({ name: "Key", label: "a name", pattern: /[A-Za-z._\-\ue000-\uf8ff][A-Za-z0-9._\-\ue000-\uf8ff]*/ });
export const IncludeShell = createToken({ name: "IncludeShell", label: "'include_shell'", pattern: /include_shell/, longer_alt: Key });
export const Include = createToken({ name: "Include", label: "'include'", pattern: /include/, longer_alt: Key });
export const Global = createToken({ name: "Global", label: "'global'", pattern: /global/, longer_alt: Key });
export const Else = createToken({ name: "Else", label: "'else'", pattern: /elseif|elsif|elif|else/, longer_alt: Key });
/** `if` right before a condition (`if $HTTP[...]`, `else if $HTTP[...]`). */
export const If = createToken({ name: "If", label: "'if'", pattern: /if(?=[ \t\u00a0]*\$)/, start_chars_hint: ["i"] });

export const Arrow = createToken({ name: "Arrow", label: "'=>'", pattern: /=>/, categories: [Stray] });
export const Equal = createToken({ name: "Equal", label: "'=='", pattern: /==/, categories: [CondOp] });
export const Match = createToken({ name: "Match", label: "'=~'", pattern: /=~/, categories: [CondOp] });
export const Prefix = createToken({ name: "Prefix", label: "'=^'", pattern: /=\^/, categories: [CondOp] });
export const Suffix = createToken({ name: "Suffix", label: "'=$'", pattern: /=\$/, categories: [CondOp] });
export const NotEqual = createToken({ name: "NotEqual", label: "'!='", pattern: /!=/, categories: [CondOp] });
export const NotMatch = createToken({ name: "NotMatch", label: "'!~'", pattern: /!~/, categories: [CondOp] });
export const Append = createToken({ name: "Append", label: "'+='", pattern: /\+=/, categories: [AssignOp] });
export const ForceAssign = createToken({ name: "ForceAssign", label: "':='", pattern: /:=/, categories: [AssignOp] });
export const Assign = createToken({ name: "Assign", label: "'='", pattern: /=/, categories: [AssignOp] });
export const Plus = createToken({ name: "Plus", label: "'+'", pattern: /\+/, categories: [Stray] });

export const LParen = createToken({ name: "LParen", label: "'('", pattern: /\(/, categories: [Stray] });
export const RParen = createToken({ name: "RParen", label: "')'", pattern: /\)/, categories: [Stray] });
export const LBracket = createToken({ name: "LBracket", label: "'['", pattern: /\[/, categories: [Stray] });
export const RBracket = createToken({ name: "RBracket", label: "']'", pattern: /\]/, categories: [Stray] });
export const LCurly = createToken({ name: "LCurly", label: "'{'", pattern: /\{/, categories: [Stray] });
export const RCurly = createToken({ name: "RCurly", label: "'}'", pattern: /\}/ });
export const Comma = createToken({ name: "Comma", label: "','", pattern: /,/ });
export const Dollar = createToken({ name: "Dollar", label: "'$'", pattern: /\$/ });

export const allTokens = [
  WhiteSpace,
  NewLine,
  Comment,
  StringLiteral,
  Integer,
  IncludeShell,
  Include,
  Global,
  Else,
  If,
  Key,
  Arrow,
  Equal,
  Match,
  Prefix,
  Suffix,
  NotEqual,
  NotMatch,
  Append,
  ForceAssign,
  Assign,
  Plus,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LCurly,
  RCurly,
  Comma,
  Dollar,
  Stray,
  AssignOp,
  CondOp,
];

export const lighttpdLexerDefinition = allTokens;
