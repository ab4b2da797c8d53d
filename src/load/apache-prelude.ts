/**
 * Apache's definitions files (./prelude.ts): `Define`/`UnDefine` lines and
 * `<Macro>` sections, nothing else. httpd's Debian layout includes
 * `conf-enabled/*.conf` before `sites-enabled/*.conf`.
 */
import path from "node:path";
import type { ApacheFileAst, ApacheNode } from "../ast/apache.js";
import type { FsFacade } from "./fs-facade.js";
import { preludeOf, type PreludeDialect } from "./prelude.js";
import type { NotLoaded, ParsedFile } from "./tree.js";

type LoadedFile = ParsedFile<ApacheFileAst>;

const MAIN_CONFIG = /^(apache2|httpd)\.conf$/i;
/** A line a definitions file may hold outside a `<Macro>` body. */
const DEFINITION_LINE = /^[ \t]*(?:#|\r?$|(?:Define|UnDefine)[ \t]|<Macro[ \t])/i;

const APACHE_DEFINITIONS: PreludeDialect<LoadedFile> = {
  mayHoldOnlyDefinitions,
  definitions: (f) => (f.ast.problems.length ? null : namesDefined(f.ast.children)),
  // `IncludeOptional sites-enabled/*.conf`, `Include deploy/apache/*.conf`.
  readsEveryFile: () => false,
  beforeSites: "conf-enabled",
};

/** What a `Define` or a `<Macro>` defines (`define NAME`, `macro name`: mod_macro's names are case-blind), else null. */
const nameOf = (c: ApacheNode): string | null =>
  (c.key === "define" || c.key === "macro") && c.args[0] ? `${c.key} ${c.kind === "section" ? c.args[0].value.toLowerCase() : c.args[0].value}` : null;

/** The names a file of definitions defines, or null when it holds anything else. */
function namesDefined(children: ApacheNode[]): string[] | null {
  const out: string[] = [];
  for (const c of children) {
    if (c.kind === "section" ? c.key !== "macro" : c.key !== "define" && c.key !== "undefine") return null;
    const name = nameOf(c);
    if (name) out.push(name);
  }
  return out;
}

/** The definitions files httpd reads before `entry`; none for a whole configuration (modules or ServerRoot of its own) or an `.htaccess`. */
export function apachePrelude(
  entry: string,
  root: LoadedFile,
  fsys: FsFacade,
  read: (p: string, given?: string) => LoadedFile | NotLoaded,
  run: object,
): LoadedFile[] {
  const name = path.basename(entry);
  if (MAIN_CONFIG.test(name) || !name.endsWith(".conf") || root.ast.children.some((n) => n.key === "loadmodule" || n.key === "serverroot")) return [];
  const own = root.ast.children.flatMap((c) => nameOf(c) ?? []);
  return preludeOf(entry, own, fsys, read, run, APACHE_DEFINITIONS);
}

/** Every line outside a `<Macro>` body is a definition, a comment or blank (continued lines follow their first). */
function mayHoldOnlyDefinitions(text: string): boolean {
  let inMacro = false;
  let continued = false;
  for (const line of text.split("\n")) {
    const wasContinued = continued;
    continued = /\\\r?$/.test(line);
    if (wasContinued) continue;
    if (inMacro) {
      if (/^[ \t]*<\/Macro[ \t]*>/i.test(line)) inMacro = false;
      continue;
    }
    if (!DEFINITION_LINE.test(line)) return false;
    if (/^[ \t]*<Macro[ \t]/i.test(line)) inMacro = true;
  }
  return !inMacro;
}
