/**
 * The command line's options (yargs): what --help lists, and the parsed
 * arguments main.ts works from. The README's options table is checked
 * against --help (test/cli/options-doc.test.ts).
 */
import type { Argv } from "yargs";
import pkg from "../../package.json" with { type: "json" };
import { dialectNames, dialectOptions } from "../dialects/registry.js";
import type { DialectOption } from "../dialects/plugin.js";
import { PROFILES } from "../core/settings.js";
import { UsageError } from "../core/errors.js";
import { FORMAT_NAMES } from "../formatters/index.js";
import { TEMPLATE_OPTIONS } from "../template/detect.js";
import { usageMessage } from "./input-checks.js";
import type { Io } from "./main.js";
import { DEFAULT_CACHE_FILE } from "./cache.js";

const MAP_OPTION = { type: "string", array: true, nargs: 1, describe: "Read server path FROM from local TO (FROM=TO, repeatable)" } as const;

type Yargs = typeof import("yargs").default;

/** The parser, with every option --help shows. */
// eslint-disable-next-line max-lines-per-function -- the option table: one declarative .option() per flag, in --help's order
function commandLine(yargs: Yargs, argv: string[]) {
  return withDialectOptions(
    yargs(argv)
      .scriptName("djlint-conf")
      .usage(
        "$0 [paths..]\n\nLint Apache httpd, nginx and lighttpd configurations for the pitfalls of Django deployments.\nPaths may be files, directories (searched for *.conf, .htaccess, sites-enabled/..., and app-server files: *.service, Procfile, uWSGI ini) or globs.",
      )
      .option("format", { alias: "f", choices: FORMAT_NAMES, default: "stylish", describe: "Output format" })
      .option("dialect", {
        choices: dialectNames() as string[],
        describe: "Treat every input as this server's config, application-server files aside (default: detect by name, then content)",
      })
      .option("template", {
        choices: TEMPLATE_OPTIONS as string[],
        describe:
          "Read inputs as Jinja2 (Ansible, Salt) or ERB/EPP (Chef, Puppet) templates, or never (default auto: .j2, .jinja, .erb, .epp... and content full of {{ }} / {% %})",
      })
      .option("map", MAP_OPTION),
  )
    .option("django-version", {
      type: "string",
      describe: "Django version the site runs, major.minor (default: a current Django; 1.x reads Python 2 settings)",
    })
    .option("django-settings", { type: "string", describe: "The Django settings the site runs: a dotted module (shop.settings.production) or a settings file" })
    .option("django-root", {
      type: "string",
      describe: "The Django project directory (the one on sys.path, holding manage.py), when the linter cannot find it",
    })
    .option("extra-directive", {
      type: "string",
      array: true,
      nargs: 1,
      describe: "A directive or option name a third-party module provides, never unknown-directive (repeatable)",
    })
    .option("profile", {
      choices: PROFILES as string[],
      describe: "production (default) or development, which quiets the rules that only matter in production",
    })
    .option("config", {
      alias: "c",
      type: "string",
      describe: "Use this configuration file (--no-config: use none; default: the ones above each file, up to the project root)",
    })
    .option("print-config", { type: "string", describe: "Print the configuration in force for this file, as JSON, and exit" })
    .option("ignore-pattern", {
      type: "string",
      array: true,
      nargs: 1,
      describe: "Do not lint files matching this pattern (.gitignore syntax, relative to the working directory; repeatable)",
    })
    .option("ignore", {
      type: "boolean",
      default: true,
      describe: "Skip files that ignorePatterns, --ignore-pattern or (in a git work tree) .gitignore leave out (--no-ignore: lint them)",
    })
    .option("rule", { type: "string", array: true, nargs: 1, describe: "Set a rule's severity: ID=off|info|warning|error (also warn, 0, 1, 2; repeatable)" })
    .option("report-all", {
      type: "boolean",
      describe: "Also report the findings in the other files of the servers the named files belong to (their main configurations are always linted with them)",
    })
    .option("quiet", { alias: "q", type: "boolean", default: false, describe: "Report errors only" })
    .option("max-warnings", { type: "number", default: -1, describe: "Exit 1 when there are more warnings than this (-1: no limit)" })
    .option("error-on-unmatched-pattern", {
      type: "boolean",
      default: true,
      describe: "An input that matches no file is an error (--no-error-on-unmatched-pattern: skip it)",
    })
    .option("fix", { type: "boolean", describe: "Apply the rules' safe fixes to the files named (not to files they include), then report what remains" })
    .option("fix-dry-run", { type: "boolean", describe: "Show the fixes as a unified diff without writing anything" })
    .option("unsafe-fixes", { type: "boolean", describe: "With --fix or --fix-dry-run: apply unsafe fixes too (they may change what a working site does)" })
    .option("fix-rule", { type: "string", array: true, nargs: 1, describe: "With --fix or --fix-dry-run: apply only this rule's fixes (repeatable)" })
    .option("cache", {
      type: "boolean",
      describe:
        "Keep results between runs: servers whose files (includes, Django settings...), deployed paths, configuration and options are unchanged are not linted again (not with --fix, --fix-dry-run or --stdin)",
    })
    .option("cache-location", {
      type: "string",
      describe: `With --cache: the cache file, or a directory to keep ${DEFAULT_CACHE_FILE} in (default: ${DEFAULT_CACHE_FILE} in the working directory)`,
    })
    .option("stdin", { type: "boolean", describe: "Lint text from standard input, alone (no paths); with --fix, print the fixed text" })
    .option("stdin-filename", { type: "string", describe: "The path standard input stands for (names it in the report, resolves its includes)" })
    .option("explain", { type: "string", describe: "Print a rule's documentation and exit" })
    .option("report-unused-disable-directives", { type: "boolean", describe: "Report suppression comments that suppress nothing" })
    .option("report-unused-disable-directives-severity", {
      choices: ["off", "info", "warning", "error"],
      describe: "Severity of those reports (default warning; also turns them on)",
    })
    .option("print-django", {
      type: "boolean",
      describe:
        "Print, as JSON, what the linter reads of the Django side of the paths (projects, settings, app servers, the sites tied to them, what it could not find) and exit",
    })
    .option("list-rules", { type: "boolean", describe: "List every rule with its default severity and exit" })
    .option("output-file", { alias: "o", type: "string", describe: "Write the report to this file instead of standard output" })
    .option("color", { type: "boolean", describe: "Force colour on (--color) or off (--no-color); NO_COLOR and FORCE_COLOR are honoured" })
    .option("lsp", { type: "boolean", describe: "Run as a Language Server over stdio (editor diagnostics, quick fixes, hover)" })
    .option("stdio", { type: "boolean", hidden: true, describe: "With --lsp: talk over stdio (the default; editors pass it)" })
    .example("$0 /etc/apache2/apache2.conf", "Lint a server and every file it includes")
    .example("$0 --map /usr/local/django=./deploy deploy/apache/httpd.conf", "Read production paths from the repository")
    .example("$0 -f json 'conf/**/*.conf'", "ESLint-style JSON for a glob")
    .epilogue(
      "Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage or internal error.\nTIMING=1 (or all, or a number) prints the slowest rules and stages on stderr, as ESLint does.",
    )
    .strictOptions()
    .check(givenOnce)
    .version(pkg.version)
    .alias("h", "help")
    .alias("v", "version")
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
}

/** The options given again on purpose (lists, each repeatable), and --config, whose repetition request.ts words itself. */
const REPEATS_HANDLED = new Set(["map", "extra-directive", "ignore-pattern", "rule", "fix-rule", "config"]);

/**
 * An option that takes one value, given twice (`-f json ... -f sarif`, a wrapper script adding its own): yargs makes it
 * a list, which nothing downstream takes. A usage error naming it, as Ruff and ESLint give, not an internal one.
 */
function givenOnce(argv: Record<string, unknown>): true {
  const lists = new Set([...REPEATS_HANDLED, ...dialectOptions().flatMap((o) => (o.type === "list" ? [o.flag] : []))]);
  // By its long name (an alias and the camelCase twin hold the same list).
  for (const [name, v] of Object.entries(argv)) {
    // A flag and its `--no-` form together (`--config x --no-config`) are said by the check that knows them.
    if (!/^[a-z][a-z-]+$/.test(name) || lists.has(name) || !Array.isArray(v) || v.some((x) => typeof x === "boolean")) continue;
    throw new UsageError(`--${name} takes one value and was given ${v.length} (${v.map(shownValue).join(", ")}): give it once`);
  }
  return true;
}
const shownValue = (x: unknown) => (typeof x === "string" ? `'${x.length > 40 ? x.slice(0, 39) + "…" : x}'` : String(x));

export type Args = Awaited<ReturnType<ReturnType<typeof commandLine>["parse"]>>;

/**
 * The arguments, or the exit code when parsing ended the run: --help and
 * --version print and exit 0, a usage error is reported and exits 2.
 */
export async function parseArgs(argv: string[], io: Io): Promise<Args | number> {
  return commonCommandLine(argv) ?? parseWithYargs(argv, io);
}

/**
 * What yargs makes of the options left out: each default under its name, its
 * alias and its camelCase name (test/cli/options-fast-path.test.ts holds this
 * to yargs' own result).
 */
const DEFAULTS = {
  format: "stylish",
  f: "stylish",
  ignore: true,
  quiet: false,
  q: false,
  "max-warnings": -1,
  maxWarnings: -1,
  "error-on-unmatched-pattern": true,
  errorOnUnmatchedPattern: true,
} as const;

/**
 * The common runs, paths alone or with an output format, --no-config and the
 * Django project's --django-root/--django-settings (a pre-commit hook, an
 * editor's save, CI, the benchmark), without yargs, whose
 * loading and option table cost about a tenth of a one-file run: the same
 * arguments yargs would give. Anything else goes to yargs: another option, one
 * repeated, a format not known, and an operand yargs would read as a number
 * ("123", "0x1f"; conservatively, any made only of the characters numbers use).
 */
function commonCommandLine(argv: string[]): Args | null {
  const paths: string[] = [];
  let format: string | undefined;
  let noConfig = false;
  // The Django side's two flags (a run tied to its project in CI): given once, with a value that is not an option.
  const django: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const inline = /^--format=(.*)$/s.exec(a);
    const flag = /^--(django-root|django-settings)(?:=(.*))?$/s.exec(a);
    if (format === undefined && (a === "-f" || a === "--format") && i + 1 < argv.length) format = argv[++i];
    else if (format === undefined && inline) format = inline[1];
    else if (!noConfig && a === "--no-config") noConfig = true;
    else if (flag && !(flag[1] in django) && (flag[2] !== undefined || /^[^-]/.test(argv[i + 1] ?? "-"))) django[flag[1]] = flag[2] ?? argv[++i];
    else if (/^[^-]/.test(a) && !/^[\da-fx.e+-]+$/i.test(a)) paths.push(a);
    else return null;
  }
  if (format !== undefined && !FORMAT_NAMES.includes(format as never)) return null;
  // Args types every option as present, possibly undefined; yargs leaves absent ones out, and so does this.
  const chosen = { ...(noConfig ? { config: false, c: false } : {}), ...(format === undefined ? {} : { format, f: format }) };
  for (const [name, value] of Object.entries(django))
    Object.assign(chosen, { [name]: value, [name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())]: value });
  return { _: paths, ...DEFAULTS, ...chosen, $0: "djlint-conf" } as unknown as Args;
}

/** The arguments as yargs parses them (loaded on first use); exported for the test that holds commonCommandLine to it. */
export async function parseWithYargs(argv: string[], io: Io): Promise<Args | number> {
  const { default: yargs } = await import("yargs");
  const parser = commandLine(yargs, argv);
  let output = "";
  parser.showHelpOnFail(false);
  let args: Args;
  try {
    args = await parser.parse(argv, {}, (_err, _a, out) => {
      output = out;
    });
  } catch (e) {
    if (e instanceof UsageError || (e as Error).name === "YError") {
      io.stderr.write(`djlint-conf: ${usageMessage((e as Error).message)}\nRun 'djlint-conf --help' for usage.\n`);
      return 2;
    }
    throw e;
  }
  if (args.help || args.version) {
    io.stdout.write(output + "\n");
    return 0;
  }
  return args;
}

/** Each dialect's own options (--server-root, --nginx-prefix ...), in --help after --map. */
function withDialectOptions<T>(parser: Argv<T>): Argv<T> {
  for (const o of dialectOptions()) parser.option(o.flag, flagOf(o));
  return parser;
}

/** A dialect option as a yargs option. */
function flagOf(o: DialectOption) {
  switch (o.type) {
    case "choice":
      return { choices: o.choices as string[], describe: o.describe };
    case "list":
      return { type: "string" as const, array: true, nargs: 1, describe: o.describe };
    default:
      return { type: "string" as const, describe: o.describe };
  }
}
