/**
 * Colour, as users expect from command-line tools: --color/--no-color first,
 * then FORCE_COLOR (0/false off, 1-3 a level), then NO_COLOR (any non-empty
 * value), then whether stdout is a terminal (asked last: finding out may load Node's tty module).
 */
export function colorLevel(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: () => boolean): 0 | 1 | 2 | 3 {
  if (flag === false) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === "0" || force === "false") return flag ? 1 : 0;
    const n = Number.parseInt(force, 10);
    return n >= 1 && n <= 3 ? (n as 1 | 2 | 3) : 1;
  }
  if (flag === true) return 1;
  if (env.NO_COLOR) return 0;
  if (env.TERM === "dumb" || !isTTY()) return 0;
  if (env.COLORTERM === "truecolor" || env.COLORTERM === "24bit") return 3;
  return /256/.test(env.TERM ?? "") ? 2 : 1;
}
