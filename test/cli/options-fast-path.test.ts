/**
 * A run with paths, and at most an output format, --no-config, --django-root and --django-settings, skips yargs (src/cli/options.ts, commonCommandLine): its arguments must be exactly
 * what yargs makes of the same command line, defaults, aliases, camelCase names and numeric operands included.
 */
import { parseArgs, parseWithYargs } from "../../src/cli/options.js";
import type { Io } from "../../src/cli/main.js";

const io = (): Io & { out: string[] } => {
  const out: string[] = [];
  return { out, stdout: { write: (s) => out.push(String(s)) }, stderr: { write: (s) => out.push(s) }, env: {}, cwd: "/", readStdin: () => Buffer.alloc(0) };
};

const COMMAND_LINES = [
  [],
  ["site.conf"],
  ["/etc/apache2/apache2.conf", "sites-enabled", "conf/**/*.conf", "my site.conf"],
  [".htaccess", "./nginx.conf", "a=b.conf", "lighttpd.conf"],
  // Operands yargs reads as numbers, and ones made of the characters numbers use: these take yargs' path.
  ["123"],
  ["0x1f", "1e3", "site.conf"],
  ["face", "-1"],
  // Options, and what only yargs knows: the arguments and the exit codes of --help, --version and a usage error.
  ["-f", "json", "site.conf"],
  ["site.conf", "--format", "sarif", "b.conf"],
  ["--format=json", "site.conf"],
  ["--format=", "site.conf"],
  ["-f", "json", "-f", "sarif", "site.conf"],
  ["--no-config", "-f", "json", "site.conf"],
  ["site.conf", "--no-config"],
  ["--no-config", "--no-config", "site.conf"],
  ["--no-config=true", "site.conf"],
  ["--config", "x.json", "site.conf"],
  ["-f", "--quiet", "site.conf"],
  ["site.conf", "-f"],
  ["-fjson", "site.conf"],
  ["-f=json", "site.conf"],
  ["site.conf", "--no-ignore"],
  ["--", "-site.conf"],
  // The Django project's two flags: a value each, given once; anything else is yargs'.
  ["--django-root", "app", "--django-settings", "shop.settings.production", "-f", "json", "deploy/nginx.conf"],
  ["--django-root=/srv/shop", "site.conf"],
  ["--django-settings=", "site.conf"],
  ["site.conf", "--django-settings", "shop/settings.py"],
  ["--django-root", "a", "--django-root", "b", "site.conf"],
  ["--django-root", "--no-config", "site.conf"],
  ["site.conf", "--django-root"],
  ["--django-root", "123", "site.conf"],
  ["--help"],
  ["--version"],
  ["--no-such-option", "site.conf"],
  ["-f", "yaml", "site.conf"],
];

test.each(COMMAND_LINES.map((argv) => [argv.join(" ") || "(none)", argv]))("%s: the same arguments and output as yargs", async (_, argv) => {
  const [ours, theirs] = [io(), io()];
  expect(await parseArgs(argv as string[], ours)).toStrictEqual(await parseWithYargs(argv as string[], theirs));
  expect(ours.out).toEqual(theirs.out);
});
