/**
 * Whether a file is plainly not a configuration of its dialect: an
 * `include /etc/shadow;`, an `Include .env`, a key or a Python module reached
 * by a careless glob. Such a file is not linted and none of its text reaches a
 * message (it is where secrets live); the include that reached it is reported
 * instead. Decided from the text alone, before the model sees the file:
 *
 * - certain signs: a PEM header, a whole file that is JSON, a Python `import`
 *   line (no server's directive is spelled `import`/`from`);
 * - otherwise, most of its statement lines are in a foreign format (passwd,
 *   shadow, group and htpasswd entries, `KEY=value` environment lines, YAML
 *   keys and list items, INI sections) and few look like the dialect's
 *   statements;
 * - lighttpd also: most lines are not lighttpd statements and the parser
 *   found errors (lighttpd quotes tokens in its syntax messages, which would
 *   otherwise print the values of a `key value` secrets file).
 *
 * A real configuration with typos keeps its statement shape, so it stays a
 * configuration (test/not-config.test.ts runs the real-world corpus).
 */

const PEM = /^-----BEGIN [A-Z0-9 ]+-----[ \t]*$/m;
const PYTHON_IMPORT = /^(?:import [\w.]+(?: as \w+)?(?:[ \t]*,[ \t]*[\w.]+(?: as \w+)?)*|from [\w.]+ import [\w.*, ()]+)[ \t]*$/m;

// `root:$6$...:19000:0:99999:7:::`, `www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin`, `user:$apr1$...`: a name glued to `:` and a field.
const PASSWD = /^[A-Za-z0-9_][\w.@+-]*\$?:(?![ \t]|$)/;
// `SECRET_KEY=...`, `export DEBUG=0`, `- DATABASE_URL=...` (compose environment lists).
const DOTENV = /^(?:export[ \t]+[A-Za-z_]\w*|(?:-[ \t]+)?["']?[A-Z_][A-Z0-9_]*)=/;
// `key: value`, `key:`, `- item`, `---`.
const YAML = /^(?:-[ \t]+)?(["']?)[A-Za-z_][\w.-]*\1:(?:[ \t]|$)|^-[ \t]+\S|^---[ \t]*$/;
const INI_SECTION = /^\[[^\]\n]+\][ \t]*$/;
const INI_KEY = /^[\w.-]+[ \t]*[=:]/;

/** What a dialect's files look like, as far as telling them from files in other formats goes. */
export interface NotConfigTraits {
  /** A line the dialect could mean as one of its statements (or a part of one). */
  statement: RegExp;
  /**
   * Whether that shape is distinctive (a closing `;`, `key = value`): then a
   * statement line counts before the foreign formats are tried; a plain word
   * (Apache's `Directive args`) counts only when no foreign format matches.
   */
  distinctive: boolean;
  /** A line ending in a backslash continues on the next (which is then no statement of its own). */
  continuation?: boolean;
  /** A line starting with `;` is a statement part (nginx), not something to skip. */
  semicolonStatements?: boolean;
  /**
   * When the parser found errors and most lines are not statements, the
   * file is no configuration, with this reason (lighttpd quotes tokens in its
   * syntax messages, which would otherwise print the values of a `key value`
   * secrets file).
   */
  whenMostlyBroken?: string;
}

interface Tally {
  lines: number;
  statements: number;
  foreign: Record<"passwd" | "dotenv" | "yaml" | "ini", number>;
}

const KIND = {
  passwd: "a password, shadow or group file",
  dotenv: "an environment (.env) file",
  yaml: "YAML",
  ini: "an INI file",
} as const;

/** How much of a file is looked at first: a file in another format shows it in its first lines. */
const HEAD_CHARS = 16 * 1024;
const HEAD_LINES = 32;

/** Why `text` is not a configuration of a dialect with these traits (a phrase such as "it looks like a PEM key or certificate"), or null. */
export function notConfigReason(text: string, traits: NotConfigTraits, syntaxProblems: number): string | null {
  const head = text.length > HEAD_CHARS ? text.slice(0, HEAD_CHARS) : text;
  if (PEM.test(head)) return "it looks like a PEM key or certificate";
  if (PYTHON_IMPORT.test(head)) return "it looks like Python source";
  const t = head.trimStart();
  if ((t[0] === "{" || t[0] === "[") && isJson(text)) return "it looks like JSON";
  // The whole file is counted only when its head has a foreign line or the parser found errors: most files cost one short scan.
  if (!syntaxProblems && !hasForeign(count(head, traits, HEAD_LINES))) return null;

  const tally = count(text, traits, Infinity);
  if (!tally.lines) return null;
  const [kind, n] = (Object.entries(tally.foreign) as [keyof typeof KIND, number][]).reduce((a, b) => (b[1] > a[1] ? b : a));
  // Half the lines in another format, and at most a fifth shaped like the dialect's statements.
  if (n > 0 && foreignLines(tally) * 2 >= tally.lines && tally.statements * 5 <= tally.lines) return `it looks like ${KIND[kind]}`;
  // (Three lines at least: a line or two of garbage is better told as the syntax problem it is.)
  if (traits.whenMostlyBroken && syntaxProblems > 0 && tally.lines >= 3 && tally.statements * 2 < tally.lines) return traits.whenMostlyBroken;
  return null;
}

const foreignLines = (t: Tally) => t.foreign.passwd + t.foreign.dotenv + t.foreign.yaml + t.foreign.ini;
const hasForeign = (t: Tally) => foreignLines(t) > 0;

/** Statement lines (not blank, not comments, not continuations) up to `max`: how many are in a foreign format, how many else look like the dialect's. */
function count(text: string, traits: NotConfigTraits, max: number): Tally {
  const tally: Tally = { lines: 0, statements: 0, foreign: { passwd: 0, dotenv: 0, yaml: 0, ini: 0 } };
  const statement = traits.statement;
  let continued = false;
  // After an `[section]` line, `key = value` lines are the INI file's (no server's config has `[section]` lines).
  let ini = false;
  const eol = /\r\n?|\n/g;
  for (let at = 0; at <= text.length && tally.lines < max;) {
    eol.lastIndex = at;
    const m = eol.exec(text);
    const line = text.slice(at, m ? m.index : text.length).trim();
    at = m ? m.index + m[0].length : text.length + 1;
    const wasContinued = continued;
    // Apache joins a line ending in `\` with the next: that next line is part of the same statement.
    continued = Boolean(traits.continuation) && line.endsWith("\\");
    if (!line || line[0] === "#" || (line[0] === ";" && !traits.semicolonStatements) || wasContinued) continue;
    tally.lines++;
    // nginx's and lighttpd's statement shapes are distinctive (a closing `;`, `key = value`); Apache's (a word) is not.
    if (ini && INI_KEY.test(line)) tally.foreign.ini++;
    else if (traits.distinctive && statement.test(line)) tally.statements++;
    else if (PASSWD.test(line) && (!/\s/.test(line) || colons(line) >= 3)) tally.foreign.passwd++;
    else if (DOTENV.test(line)) tally.foreign.dotenv++;
    else if (YAML.test(line)) tally.foreign.yaml++;
    else if (INI_SECTION.test(line)) {
      tally.foreign.ini++;
      ini = true;
    } else if (!traits.distinctive && statement.test(line)) tally.statements++;
  }
  return tally;
}

function colons(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) === 58) n++;
  return n;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
