/**
 * nginx's definitions files (./prelude.ts): `upstream` and `map` blocks,
 * nothing else (and no `include` in them, which the loader would have to
 * follow). Debian's nginx.conf includes `conf.d/*.conf` before
 * `sites-enabled/*`.
 */
import type { NginxFileAst, NginxNode } from "../ast/nginx.js";
import type { FsFacade } from "./fs-facade.js";
import { preludeOf, type PreludeDialect } from "./prelude.js";
import type { NotLoaded, ParsedFile } from "./tree.js";

type LoadedFile = ParsedFile<NginxFileAst>;

const NGINX_DEFINITIONS: PreludeDialect<LoadedFile> = {
  mayHoldOnlyDefinitions,
  definitions: (f) => (f.ast.problems.length ? null : namesDefined(f.ast.children)),
  // `include sites-enabled/*;` reads every file; `include conf.d/*.conf;` the .conf ones.
  readsEveryFile: (entry) => !entry.endsWith(".conf"),
  beforeSites: "conf.d",
};

/** `upstream NAME` and `map SOURCE $VARIABLE`: the names other files use. */
const nameOf = (n: NginxNode): string | null =>
  n.kind === "block" && n.name === "upstream" && n.args[0]
    ? `upstream ${n.args[0].value}`
    : n.kind === "block" && n.name === "map" && n.args[1]
      ? `map ${n.args[1].value}`
      : null;

function namesDefined(children: NginxNode[]): string[] | null {
  const out: string[] = [];
  for (const c of children) {
    const name = nameOf(c);
    if (!name || c.kind !== "block" || c.incomplete || !includesNothing(c.children)) return null;
    out.push(name);
  }
  return out;
}

const includesNothing = (nodes: NginxNode[]): boolean => nodes.every((n) => n.name !== "include" && (n.kind !== "block" || includesNothing(n.children)));

/** The names a fragment defines itself (a file defining one of them is not read before it). */
export const ownDefinitions = (root: LoadedFile): string[] => root.ast.children.flatMap((c) => nameOf(c) ?? []);

/** Comments out, the text opens with `upstream` or `map` and names nothing a server or an include would. */
function mayHoldOnlyDefinitions(text: string): boolean {
  const bare = text.replace(/#[^\n]*/g, "");
  return /^\s*(upstream|map)\s/.test(bare) && !/[\s;{}](server_name|listen|location|include)\s/.test(bare);
}

/** The definitions files nginx reads before the fragment `entry`. */
export function nginxPrelude(
  entry: string,
  root: LoadedFile,
  fsys: FsFacade,
  read: (p: string, given?: string) => LoadedFile | NotLoaded,
  run: object,
): LoadedFile[] {
  return preludeOf(entry, ownDefinitions(root), fsys, read, run, NGINX_DEFINITIONS);
}
