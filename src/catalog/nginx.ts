/**
 * Nginx: unknown directives and directives in the wrong context, from
 * data/nginx.json (the module tables of nginx and Debian's dynamic modules).
 *
 * nginx matches names exactly. A name no module declares is "unknown
 * directive"; a known name in a block where none of its modules allows it
 * is "is not allowed here" (ngx_conf_handler). The context of each block
 * follows from its name and the block around it: `server` in `http` is a
 * virtual server, in `stream` a stream server; `if` in a `location` is "if in
 * location". Bodies that are data (`map`, `types`, `geo`...) and blocks whose
 * body the catalog does not model are never read as directives.
 *
 * A file linted without its nginx.conf has no known outer context: every
 * context is possible, narrowed only by what its blocks and main-only
 * directives prove (a `server` holding a `location` is an http server; a file
 * with `http {}` or `worker_processes` is the main level). Where more than one
 * context remains, a directive is reported only when it is allowed in none.
 */
import { isOpaque } from "../template/placeholder.js";
import type { NginxNode } from "../ast/nginx.js";
import type { NginxServer, Scope } from "../model/nginx/server.js";
import type { RuleSettings } from "../core/settings.js";
import { Phrase } from "../source/quote.js";
import catalog from "./data/nginx.json" with { type: "json" };
import type { CatalogName, DirectiveFinding } from "./types.js";
import { describer } from "./describe.js";
import { nameDistance, suggest } from "../core/suggest.js";
import { own } from "../core/own.js";
import { LazyTable } from "./lazy-table.js";
import { catalogRows } from "./rows.js";

interface CatalogEntry {
  name: string;
  module: string;
  contexts: string[];
  min: number;
  max: number | null;
  block?: boolean;
}

interface Known {
  /** Every context some module allows it in ("any" for `include`). */
  contexts: Set<string>;
  /** The contexts of its block form (`server {}` in http, stream, mail; not the upstream `server`). */
  blockContexts: Set<string>;
  /** Whether some module declares it as a simple directive (ended by `;`). */
  plain: boolean;
  modules: string[];
}

interface Tables {
  known: LazyTable<CatalogEntry, Known>;
  /** Block name -> (context it is in -> context of its body). */
  blocks: Map<string, Map<string, string>>;
  dataBlocks: Set<string>;
  contexts: string[];
}

/** What only a did-you-mean needs, built at the first one (a lint with no unknown directive never builds it). */
interface SuggestionTables {
  names: string[];
  /** Names allowed in each context, for suggestions that fit where the typo is. */
  namesIn: Map<string, string[]>;
  /** Third-party name patterns (`^more_`, `_by_lua`) and their modules' names. */
  families: { re: RegExp; names: Set<string> }[];
}

let tables: Tables | undefined;
let suggestionTables: SuggestionTables | undefined;

/** A name's lookup value from the catalog's entries for it (one per module that declares it). */
function knownOf(declared: CatalogEntry[]): Known {
  const k: Known = { contexts: new Set(), blockContexts: new Set(), plain: false, modules: [] };
  for (const d of declared) {
    if (!d.block) k.plain = true;
    for (const c of d.contexts) {
      k.contexts.add(c);
      if (d.block) k.blockContexts.add(c);
    }
    k.modules.push(d.module);
  }
  return k;
}

/** The lookup maps, built once per process at first use. */
function load(): Tables {
  if (tables) return tables;
  const known = new LazyTable(catalogRows<CatalogEntry>(catalog, "directives", false), knownOf);
  const blocks = new Map<string, Map<string, string>>();
  for (const [name, m] of Object.entries(catalog.blocks as Record<string, Record<string, string>>)) blocks.set(name, new Map(Object.entries(m)));
  tables = { known, blocks, dataBlocks: new Set(catalog.dataBlocks), contexts: catalog.contexts };
  return tables;
}

function loadSuggestionTables(): SuggestionTables {
  if (suggestionTables) return suggestionTables;
  const { known } = load();
  const namesIn = new Map<string, string[]>();
  for (const c of catalog.contexts) namesIn.set(c, []);
  for (const [name, k] of known.entries()) {
    for (const c of k.contexts.has("any") ? catalog.contexts : k.contexts) namesIn.get(c)?.push(name);
  }
  const families = (catalog.families as { pattern: string; modules: string[] }[]).map((f) => ({
    re: new RegExp(f.pattern),
    names: new Set([...known.entries()].filter(([, k]) => k.modules.some((m) => f.modules.includes(m))).map(([name]) => name)),
  }));
  suggestionTables = { names: [...known.keys()], namesIn, families };
  return suggestionTables;
}

/**
 * Data blocks whose entries nginx reads as exactly two values (`key value;`),
 * with the one-value keywords each allows: a missing `;` joins two entries into
 * four values, which nginx rejects ("invalid number of ... parameters").
 */
const DATA_ENTRY_VALUES: Record<string, { keywords: string[] }> = {
  charset_map: { keywords: [] },
  map: { keywords: ["hostnames", "volatile"] },
  split_clients: { keywords: [] },
  geo: { keywords: ["ranges", "proxy_recursive"] },
};

function checkDataEntries(block: string, body: Scope, report: (node: NginxNode, f: Omit<DirectiveFinding, "at">) => void) {
  const { keywords } = own(DATA_ENTRY_VALUES, block) ?? { keywords: [] };
  for (const e of body.entries) {
    const node = e.node;
    if (node.kind !== "directive" || node.incomplete || /[${}]/.test(node.name) || isOpaque(node.name)) continue;
    const count = node.args.length + 1;
    if (count === 2 || (count === 1 && keywords.includes(node.name))) continue;
    report(node, { rule: "directive-context", messageId: "entryValues", data: { block, count } });
  }
}

/** Whether nginx knows `name` (some module of the catalog declares it). */
export function isKnownNginxDirective(name: string): boolean {
  return load().known.has(name);
}

/** The contexts a directive is allowed in, as the catalog records them (empty when unknown). */
export function nginxDirectiveContexts(name: string): string[] {
  const k = load().known.get(name);
  return k ? [...k.contexts] : [];
}

/**
 * The nearest known name for a misspelt one. When the contexts the typo sits
 * in are known, a name allowed there wins over an equally near one that is not.
 * A name in a third-party module's family (`more_set_header`, `passenger_enable`)
 * is that module's directive mistyped: only its names are candidates.
 */
export function suggestNginxDirective(name: string, contexts?: Iterable<string> | null): string | undefined {
  const t = loadSuggestionTables();
  const family = t.families.find((f) => f.re.test(name))?.names;
  let best = suggest(name, family ?? t.names, false);
  if (best && contexts) {
    const fitting = new Set<string>();
    for (const c of contexts) for (const n of t.namesIn.get(c) ?? []) if (!family || family.has(n)) fitting.add(n);
    if (!fitting.has(best)) {
      const near = suggest(name, fitting, false);
      if (near && nameDistance(name, near, false) <= nameDistance(name, best, false)) best = near;
    }
  }
  // half of a short name changed is another word (`blah` is not `play`)
  return best && 2 * nameDistance(name, best, false) < Math.max(name.length, best.length) ? best : undefined;
}

function allowedIn(k: Known, ctx: ReadonlySet<string>): boolean {
  if (k.contexts.has("any")) return true;
  for (const c of ctx) if (k.contexts.has(c)) return true;
  return false;
}

function phrase(list: string[], joiner: string): string {
  return list.length <= 1 ? list.join("") : `${list.slice(0, -1).join(", ")}${joiner}${list[list.length - 1]}`;
}

/**
 * The contexts of a block's body, for the contexts the block is in; undefined when its body is not directives the catalog models.
 * Remembered per (context set, name): thousands of sibling servers and locations then share one set.
 */
function bodyFinder(t: Tables): (name: string, ctx: ReadonlySet<string>) => Set<string> | undefined {
  const bodies = new Map<ReadonlySet<string>, Map<string, Set<string> | undefined>>();
  const computeBody = (name: string, ctx: ReadonlySet<string>): Set<string> | undefined => {
    const m = t.blocks.get(name);
    if (!m) return undefined;
    const body = new Set<string>();
    for (const c of ctx) {
      const b = m.get(c);
      if (b) body.add(b);
    }
    // a misplaced block (reported) still has the body its name says
    return body.size ? body : new Set(m.values());
  };
  return (name, ctx) => {
    let byName = bodies.get(ctx);
    if (!byName) bodies.set(ctx, (byName = new Map()));
    if (byName.has(name)) return byName.get(name);
    const body = computeBody(name, ctx);
    byName.set(name, body);
    return body;
  };
}

/**
 * Narrows an ambiguous set of contexts to those that fit most of what the
 * entries prove: each known block (location, if, upstream, ...) and each
 * main-only directive is evidence of where it stands. One misplaced block
 * among several does not outvote the others; a tie keeps every candidate.
 */
function narrowContexts(t: Tables, ctx: Set<string>, scope: Scope): Set<string> {
  if (ctx.size <= 1) return ctx;
  const score = new Map<string, number>();
  for (const e of scope.entries) {
    const k = t.known.get(e.node.name);
    if (!k || k.contexts.has("any") || e.node.incomplete) continue;
    let fits: Set<string> | null = null;
    if (e.node.kind === "block" && (t.blocks.has(e.node.name) || t.dataBlocks.has(e.node.name))) fits = k.blockContexts.size ? k.blockContexts : k.contexts;
    else if (k.contexts.size === 1 && k.contexts.has("main")) fits = k.contexts;
    if (!fits) continue;
    for (const c of fits) if (ctx.has(c)) score.set(c, (score.get(c) ?? 0) + 1);
  }
  const best = Math.max(0, ...score.values());
  return best ? new Set([...ctx].filter((c) => score.get(c) === best)) : ctx;
}

export function nginxDirectiveFindings(server: NginxServer, settings: RuleSettings): DirectiveFinding[] {
  const t = load();
  const extra = new Set(settings.extraDirectives);
  const out: DirectiveFinding[] = [];
  const reported = new Map<NginxNode, Set<string>>();
  // nginx -t refuses an unknown directive ("unknown directive"): in a whole server (the root file holds the
  // main context's `events` or `http` block) that is an error; in a fragment it may be a third-party module's.
  const whole = server.main.entries.some((e) => e.node.kind === "block" && (e.node.name === "events" || e.node.name === "http"));
  const report = (node: NginxNode, f: Omit<DirectiveFinding, "at">) => {
    let s = reported.get(node);
    if (!s) reported.set(node, (s = new Set()));
    if (s.has(f.rule)) return;
    s.add(f.rule);
    out.push({ ...f, at: node.nameArg });
  };

  const bodyOf = bodyFinder(t);
  const narrow = (ctx: Set<string>, scope: Scope) => narrowContexts(t, ctx, scope);

  // Iterative walk: nesting can be deep.
  const stack: { scope: Scope; ctx: Set<string> }[] = [{ scope: server.main, ctx: new Set(t.contexts) }];
  while (stack.length) {
    const { scope, ctx: outer } = stack.pop() as { scope: Scope; ctx: Set<string> };
    const ctx = narrow(outer, scope);
    const sure = ctx.size < t.contexts.length;
    let k = 0;
    for (const e of scope.entries) {
      const node = e.node;
      const child = node.kind === "block" ? scope.children[k++] : undefined;
      const name = node.name;
      if (extra.has(name)) continue;
      const known = t.known.get(name);
      if (!known) {
        // a template placeholder (`{{ directive }}`, `${NAME}`) is not a name yet
        if (node.incomplete || name === "" || /[${}%]/.test(name) || isOpaque(name)) continue;
        const suggestion = suggestNginxDirective(name, sure ? ctx : null);
        report(node, {
          rule: "unknown-directive",
          messageId: suggestion ? "unknownSuggest" : "unknown",
          data: suggestion ? { what: "directive", name, suggestion } : { what: "directive", name },
          ...(whole ? { severity: "error" as const } : {}),
        });
        continue; // an unknown block's body is the unknown module's business
      }
      if (sure && !node.incomplete && !allowedIn(known, ctx)) {
        const order = t.contexts;
        report(node, {
          rule: "directive-context",
          messageId: "context",
          data: {
            name,
            // Context names from the catalog: words, not config text.
            where: new Phrase(
              `in ${phrase(
                order.filter((c) => ctx.has(c)),
                " or ",
              )}`,
            ),
            allowed: new Phrase(
              `in ${phrase(
                order.filter((c) => (node.kind === "block" && known.blockContexts.size ? known.blockContexts : known.contexts).has(c)),
                ", ",
              )}`,
            ),
          },
        });
      }
      // The form nginx expects: a missing `;` makes the next line's block this directive's
      // ("is not terminated by \";\""), and a block directive ended by `;` has no body.
      if (!node.incomplete && !known.contexts.has("any")) {
        if (node.kind === "block" && !known.blockContexts.size) report(node, { rule: "directive-context", messageId: "noBlock", data: { name } });
        else if (node.kind === "directive" && !known.plain) report(node, { rule: "directive-context", messageId: "needsBlock", data: { name } });
      }
      if (child && own(DATA_ENTRY_VALUES, name)) checkDataEntries(name, child, report);
      if (child && !t.dataBlocks.has(name)) {
        const body = bodyOf(name, ctx);
        if (body) stack.push({ scope: child, ctx: body });
      }
    }
  }
  return out;
}

/** A directive's catalog entry, for the editor's hover. */
export const describeNginxDirective = describer(
  () => (catalog.directives as CatalogEntry[]).map((d) => ({ name: d.name, module: d.module, allowed: d.contexts.join(", ") })),
  false,
);

/** The context a block opens inside `parent` (`location` in `server` -> "location"), or null for a block nginx does not nest there. */
export function nginxBlockContext(parent: string, block: string): string | null {
  return load().blocks.get(block)?.get(parent) ?? null;
}

/** Directives nginx accepts in a context (`main`, `http`, `server`, `location`...), for the editor's completion. */
export function nginxNamesIn(context: string): CatalogName[] {
  const entries = (catalog.directives as (CatalogEntry & { thirdParty?: boolean })[]).filter((d) => d.contexts.includes(context) || d.contexts.includes("any"));
  const byName = new Map<string, CatalogName>();
  for (const d of entries) {
    const had = byName.get(d.name);
    if (had) had.block ||= Boolean(d.block);
    else byName.set(d.name, { name: d.name, module: d.module, allowed: d.contexts.join(", "), thirdParty: Boolean(d.thirdParty), block: Boolean(d.block) });
  }
  return [...byName.values()];
}
