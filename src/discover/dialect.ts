/**
 * Which server a file configures. A file name that only one server uses
 * (httpd.conf, .htaccess, *.load, nginx.conf, lighttpd.conf) decides; else the
 * content does when it is unmistakable: each non-comment line is read the way
 * each server would read it (Apache: `Directive args` and `<Section>` lines;
 * nginx: statements ended by `;` and blocks opened by `{`; lighttpd:
 * `option.name = value`, `$HTTP["host"] == ... {`, `"key" => value`) and
 * scored; else the directory it sits in (`/etc/nginx/...`); else the content's
 * weaker lead; else unknown. A `.conf` under a directory named after one server
 * but written for another (a repository's `apache/proxy/upload.conf` that holds
 * nginx directives) goes by its content.
 */
import path from "node:path";
import type { Dialect } from "../core/dialect.js";
import { dialects } from "../dialects/registry.js";
import type { LineShape } from "../dialects/plugin.js";

/** The file's own name, when only one server uses it. */
export function dialectFromFileName(p: string): Dialect | null {
  const base = path.basename(p).toLowerCase();
  const parts = p.toLowerCase().split(/[\\/]/);
  return dialects().find((d) => d.files.ownName(base, parts))?.name ?? null;
}

/** The directories distributions keep each server's files in. */
export function dialectFromDirectory(p: string): Dialect | null {
  const parts = p.toLowerCase().split(/[\\/]/);
  for (const dir of parts.slice(0, -1).reverse()) {
    const d = dialects().find((x) => x.files.directories.includes(dir));
    if (d) return d.name;
  }
  return null;
}

/** Name-based detection alone: the file name, then its directories. */
export function dialectFromName(p: string): Dialect | null {
  return dialectFromFileName(p) ?? dialectFromDirectory(p);
}

/** Evidence of each server in a file's text; commented-out lines count only when nothing else does. */
export function contentScores(text: string): Record<Dialect, number> {
  const sample = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).slice(0, 65536);
  const plugins = dialects();
  const zero = () => Object.fromEntries(plugins.map((d) => [d.name, 0])) as Record<Dialect, number>;
  const live = zero();
  const commented = zero();
  for (const raw of sample.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith("#")) scoreLine(line.replace(/^#+\s*/, ""), commented, true);
    else scoreLine(line, live, false);
  }
  return Object.values(live).some((n) => n > 0) ? live : commented;
}

/** Scores one line for every dialect; in a comment, prose is not evidence, so only known names and exact shapes count. */
function scoreLine(line: string, s: Record<Dialect, number>, inComment: boolean) {
  if (!line) return;
  // nginx and lighttpd allow a trailing comment; drop one that follows a blank.
  const code = line.replace(/\s+#[^"']*$/, "");
  const shape: LineShape = { code, first: /^[^\s;{}=(]+/.exec(code)?.[0] ?? "", endsStatement: code.endsWith(";"), opensBlock: code.endsWith("{") };
  for (const d of dialects()) s[d.name] += d.files.scoreLine(shape, inComment);
}

/** The dialect the content points to, and whether it is unmistakable (a clear lead over the others). */
export function classifyContent(text: string): { dialect: Dialect | null; decisive: boolean } {
  const scores = Object.entries(contentScores(text)) as [Dialect, number][];
  scores.sort((a, b) => b[1] - a[1]);
  const [top, n] = scores[0] ?? [null, 0];
  const second = scores[1]?.[1] ?? 0;
  if (n === 0 || n === second) return { dialect: null, decisive: false };
  return { dialect: top, decisive: n >= 2 && n >= 3 * second };
}

/** Content-based detection alone (null when the content does not point anywhere). */
export function dialectFromContent(text: string): Dialect | null {
  return classifyContent(text).dialect;
}

export function detectDialect(p: string, text: string): Dialect | null {
  const byFile = dialectFromFileName(p);
  if (byFile) return byFile;
  // An XML document (a uWSGI vassal, a Maven pom) is no server's configuration, however its `<tags>` look to Apache.
  if (/^\uFEFF?\s*<\?xml\s/.test(text)) return null;
  const content = classifyContent(text);
  if (content.decisive) return content.dialect;
  return dialectFromDirectory(p) ?? content.dialect;
}
