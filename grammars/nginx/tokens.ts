/**
 * nginx tokens, after ngx_conf_read_token (src/core/ngx_conf_file.c):
 * - blanks are space, tab, CR and LF; `;` ends a directive, `{` opens a block,
 *   `}` closes one;
 * - `#` starts a comment only where a token may start (`a#b` is one word);
 * - a word runs to a blank, `;` or `{` (a `{` right after `$` belongs to the
 *   word: `${var}`), `}` and quotes inside a word are literal, and `\` escapes
 *   the next character (so `\;` and `\ ` stay in the word);
 * - a quoted string starts at a token start with `"` or `'`, may span lines,
 *   and ends at the matching unescaped quote; nginx then wants a blank, `;`,
 *   `{` or `)` (the parser's builder reports anything else glued to it).
 *
 * Three modes: `statement` (where a directive name may start), `args` (after
 * a name, up to `;`, `{` or `}`), and `luaHead` (after a `*_by_lua_block`
 * name, whose `{` is a raw Lua body scanned by ./lua-block.ts).
 */
import { createToken, Lexer, type CustomPatternMatcherReturn } from "chevrotain";
import { scanLuaBlock } from "./lua-block.js";

/**
 * An unquoted word (see above). `\` may end the file. The three alternatives
 * start with different characters, so their order does not change the match;
 * the plain-character run comes first and repeats inside (`+`), which is the
 * common case and saves a loop step per character.
 */
const WORD = /(?:[^ \t\r\n;{}#"'\\$]|\\[\s\S]?|\$\{*)(?:[^ \t\r\n;{\\$]+|\\[\s\S]?|\$\{*)*/;
const QUOTED = /"(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*'/;
/** A quote that is never closed runs to the end of the file (only tried after QUOTED failed). */
const UNTERMINATED = /"(?:[^"\\]|\\[\s\S])*\\?|'(?:[^'\\]|\\[\s\S])*\\?/;

const sticky = (re: RegExp) => new RegExp(re.source, "y");
/** The patterns anchored where they are tried (here and in lex.ts, which runs the modes by hand). */
export const WORD_Y = sticky(WORD);
export const QUOTED_Y = sticky(QUOTED);
export const UNTERMINATED_Y = sticky(UNTERMINATED);

const LUA_SUFFIX = "_by_lua_block";

/** A directive name (word or quoted) that ends in `_by_lua_block`. */
export function matchLuaName(text: string, offset: number): CustomPatternMatcherReturn | null {
  // The lexer asks at every directive name. A plain word (no `\`, no `$`) ends
  // at the first blank, `;` or `{`: check its tail without running the regex.
  const first = text.charCodeAt(offset);
  if (first === 35 || first === 125) return null; // `#`, `}`: a comment or a close, not a word
  let i = offset;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 92 || c === 36 || c === 34 || c === 39) break; // \ $ " ': the regex knows the rules
    if (c === 32 || c === 9 || c === 13 || c === 10 || c === 59 || c === 123 || Number.isNaN(c)) {
      return i - offset >= LUA_SUFFIX.length && text.startsWith(LUA_SUFFIX, i - LUA_SUFFIX.length)
        ? ([text.slice(offset, i)] as unknown as CustomPatternMatcherReturn)
        : null;
    }
    i++;
  }
  const re = text[offset] === '"' || text[offset] === "'" ? QUOTED_Y : WORD_Y;
  re.lastIndex = offset;
  const m = re.exec(text);
  if (!m) return null;
  const bare = m[0][0] === '"' || m[0][0] === "'" ? m[0].slice(1, -1) : m[0];
  return bare.endsWith(LUA_SUFFIX) ? ([m[0]] as unknown as CustomPatternMatcherReturn) : null;
}

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });
export const Comment = createToken({ name: "Comment", pattern: /#[^\r\n]*/, group: "comments" });

/** Categories the parser consumes. */
export const Semicolon = createToken({ name: "Semicolon", pattern: Lexer.NA });
export const BlockOpen = createToken({ name: "BlockOpen", pattern: Lexer.NA });
export const BlockClose = createToken({ name: "BlockClose", pattern: Lexer.NA });
export const Arg = createToken({ name: "Arg", pattern: Lexer.NA });
export const DirectiveName = createToken({ name: "DirectiveName", pattern: Lexer.NA });

// statement mode
export const Close = createToken({ name: "Close", pattern: /\}/, categories: [BlockClose] });
/** `{` or `;` where a directive name should be: nginx says `unexpected "{"`. */
export const StrayPunct = createToken({ name: "StrayPunct", pattern: /[{;]/ });
export const LuaBlockName = createToken({
  name: "LuaBlockName",
  pattern: { exec: (t: string, o: number) => matchLuaName(t, o) },
  line_breaks: true,
  push_mode: "luaHead",
});
export const NameWord = createToken({ name: "NameWord", pattern: WORD, line_breaks: true, categories: [DirectiveName], push_mode: "args" });
export const NameQuoted = createToken({ name: "NameQuoted", pattern: QUOTED, line_breaks: true, categories: [DirectiveName], push_mode: "args" });
export const NameUnterminated = createToken({
  name: "NameUnterminated",
  pattern: UNTERMINATED,
  line_breaks: true,
  categories: [DirectiveName],
  push_mode: "args",
});

// args mode (and luaHead)
export const Word = createToken({ name: "Word", pattern: WORD, line_breaks: true, categories: [Arg] });
export const Quoted = createToken({ name: "Quoted", pattern: QUOTED, line_breaks: true, categories: [Arg] });
export const Unterminated = createToken({ name: "Unterminated", pattern: UNTERMINATED, line_breaks: true, categories: [Arg] });
export const EndSemicolon = createToken({ name: "EndSemicolon", pattern: /;/, categories: [Semicolon], pop_mode: true });
export const Open = createToken({ name: "Open", pattern: /\{/, categories: [BlockOpen], pop_mode: true });
/** `}` while a directive still wants its `;`: ends the directive (a syntax error) and closes the block. */
export const EarlyClose = createToken({ name: "EarlyClose", pattern: /\}/, categories: [BlockClose], pop_mode: true });

// luaHead mode
export const LuaBlockBody = createToken({
  name: "LuaBlockBody",
  pattern: { exec: (t: string, o: number) => scanLuaBlock(t, o) },
  line_breaks: true,
  start_chars_hint: ["{"],
  pop_mode: true,
});

export const nginxLexerDefinition = {
  defaultMode: "statement",
  modes: {
    // The lexer tries a mode's patterns in order: single characters first
    // (a char-code compare each), then the frequent ones. Only LuaBlockName
    // must precede the names it overlaps with; every other pattern differs
    // from the rest in its first character.
    statement: [WhiteSpace, Close, LuaBlockName, NameWord, NameQuoted, NameUnterminated, Comment, StrayPunct],
    args: [EndSemicolon, Open, EarlyClose, Word, WhiteSpace, Quoted, Unterminated, Comment],
    luaHead: [EndSemicolon, EarlyClose, Word, WhiteSpace, LuaBlockBody, Quoted, Unterminated, Comment],
  },
};

export const allTokens = [
  Semicolon,
  BlockOpen,
  BlockClose,
  Arg,
  DirectiveName,
  WhiteSpace,
  Comment,
  Close,
  StrayPunct,
  LuaBlockName,
  NameQuoted,
  NameUnterminated,
  NameWord,
  EndSemicolon,
  Open,
  EarlyClose,
  Quoted,
  Unterminated,
  Word,
  LuaBlockBody,
];
