/**
 * The body of a `*_by_lua_block { ... }`: Lua code, read as lua-nginx-module
 * reads it (ngx_http_lua_conf_lua_block_parse): braces balance, except inside
 * Lua strings (`'...'`, `"..."` with `\` escapes), long brackets (`[[...]]`,
 * `[==[...]==]`) and comments (`-- ...` to the end of the line, `--[[...]]`).
 * The token runs from `{` to the matching `}`; without one it runs to the end
 * of the file and its payload says so.
 */
import type { CustomPatternMatcherReturn } from "chevrotain";

export interface LuaBlockPayload {
  closed: boolean;
}

/** `[`, `=`*, `[` at i: the level (number of `=`), or -1. */
function longBracketLevel(text: string, i: number): number {
  if (text.charCodeAt(i) !== 91) return -1;
  let j = i + 1;
  while (text.charCodeAt(j) === 61) j++;
  return text.charCodeAt(j) === 91 ? j - i - 1 : -1;
}

/** End (exclusive) of the long bracket opened at i with `level`, or the text length. */
function skipLongBracket(text: string, i: number, level: number): number {
  const close = "]" + "=".repeat(level) + "]";
  const at = text.indexOf(close, i + level + 2);
  return at < 0 ? text.length : at + close.length;
}

export function scanLuaBlock(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 123) return null;
  let depth = 0;
  let i = offset;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 123) {
      depth++;
      i++;
    } else if (c === 125) {
      depth--;
      i++;
      if (depth === 0) return result(text.slice(offset, i), true);
    } else if (c === 34 || c === 39) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === c) {
          i++;
          break;
        } else if (d === 10)
          break; // Lua strings do not span lines; the lexer resyncs at the line end
        else i++;
      }
    } else if (c === 45 && text.charCodeAt(i + 1) === 45) {
      const level = longBracketLevel(text, i + 2);
      if (level >= 0) i = skipLongBracket(text, i + 2, level);
      else {
        const nl = text.indexOf("\n", i);
        i = nl < 0 ? n : nl;
      }
    } else if (c === 91) {
      const level = longBracketLevel(text, i);
      i = level >= 0 ? skipLongBracket(text, i, level) : i + 1;
    } else i++;
  }
  return result(text.slice(offset), false);
}

function result(image: string, closed: boolean): CustomPatternMatcherReturn {
  const m = [image] as unknown as CustomPatternMatcherReturn & { payload: LuaBlockPayload };
  m.payload = { closed };
  return m;
}
