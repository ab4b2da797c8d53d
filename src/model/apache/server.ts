/**
 * The Apache server as it will run: every directive and section of the loaded
 * tree in the order httpd reads it (includes spliced in place), each with its
 * enclosing sections, its virtual host and whether it is in effect after the
 * read-time conditionals; the loaded modules and the MPM.
 */
import type { ApacheDirective, ApacheNode, ApacheSection } from "../../ast/apache.js";
import { MAX_NESTING } from "../../ast/types.js";
import type { Positioned } from "../../core/range.js";
import { isOpaque } from "../../template/placeholder.js";
import { NestingIndex } from "../nesting.js";
import { readFirst, type ApacheTree } from "../../load/apache.js";
import { walkReadOrder } from "../../load/tree.js";
import { CONDITIONAL_SECTIONS, evalIfVersion } from "./conditions.js";
import { and, not, type Tri } from "../../core/tri.js";
import { byMergeOrder } from "./merge.js";
import { expandMacro, MAX_EXPANDED_NODES } from "./macros.js";
import { BUILTIN_MODULES, ifModuleName, moduleIdentity } from "./modules.js";

/** Where an entry sits: one per section entered, shared by everything inside it. */
interface Context {
  section: ApacheSection | null;
  outer: Context | null;
  scope: ApacheSection | null;
  vhost: ApacheSection | null;
  active: Tri;
  /** Enclosing sections, built on first request (nesting can be thousands deep). */
  chain?: ApacheSection[];
  /** The macros being expanded here (mod_macro refuses a macro that uses itself). */
  expanding?: readonly ApacheSection[];
}

/** Chains longer than this are built per request, not kept: one per context would take memory quadratic in the depth. */
const MAX_CACHED_CHAIN = 64;

function chainOf(c: Context): ApacheSection[] {
  if (c.chain) return c.chain;
  const out: ApacheSection[] = [];
  for (let x: Context | null = c; x; x = x.outer) if (x.section) out.push(x.section);
  out.reverse();
  if (out.length <= MAX_CACHED_CHAIN) c.chain = out;
  return out;
}

export interface ApacheEntry<N extends ApacheNode = ApacheNode> {
  node: N;
  /** Enclosing sections, outermost first, across Include boundaries. */
  readonly sections: ApacheSection[];
  /** The innermost enclosing section that is not a conditional (`<Location>`, `<Directory>`, `<VirtualHost>`...), or null at server level. */
  scope: ApacheSection | null;
  vhost: ApacheSection | null;
  /** In effect? `unknown` under a condition the linter cannot decide. */
  active: Tri;
  order: number;
}

/**
 * An entry as the model builds it: a class, so that `sections` is one getter on
 * the prototype rather than a closure per entry (a large config has millions).
 */
class Entry implements ApacheEntry {
  scope: ApacheSection | null;
  vhost: ApacheSection | null;
  active: Tri;
  readonly #ctx: Context;
  constructor(
    public node: ApacheNode,
    ctx: Context,
    public order: number,
  ) {
    this.#ctx = ctx;
    this.scope = ctx.scope;
    this.vhost = ctx.vhost;
    this.active = ctx.active;
  }

  get sections(): ApacheSection[] {
    return chainOf(this.#ctx);
  }

  /** For the model's folds over contexts (not part of ApacheEntry). */
  get context(): Context {
    return this.#ctx;
  }
}

/**
 * A value computed from the sections enclosing an entry, outermost first:
 * `step(value of the outer context, section)`, from `root` at server level.
 * See ApacheServer.foldSections.
 */
export interface SectionFold<T> {
  root: T;
  step(outer: T, section: ApacheSection): T;
}

export interface ApacheModelOptions {
  /** Target httpd version, major.minor. */
  apacheVersion?: string;
  /** Target Django version, major.minor (default: a current Django). */
  djangoVersion?: string;
  /** Modules compiled in or otherwise known to be there (identifiers or .c names). */
  modules?: string[];
  /** The MPM when the config cannot say (compiled in). */
  mpm?: string;
}

export interface LoadedModule {
  short: string;
  entry: ApacheEntry<ApacheDirective>;
}

export class ApacheServer {
  readonly dialect = "apache" as const;
  readonly entries: ApacheEntry[] = [];
  /**
   * Whether the module set is known (the config loads modules, or the options
   * list them), so that a module that is not loaded is "no", not "unknown".
   * Not the same as `complete`: a virtual-host file with a LoadModule has a
   * known module set and is still not the whole server.
   */
  readonly modulesKnown: boolean;
  /** Loaded modules by short name (`python`, `wsgi`, `mpm_event`). */
  readonly modules = new Map<string, LoadedModule>();
  /** The MPM's short name (`prefork`, `worker`, `event`), where it can be known. */
  readonly mpm: { name: string; entry: ApacheEntry<ApacheDirective> | null } | null;
  /** A lone .htaccess file: everything is in directory context, modules unknown. */
  readonly htaccess: boolean;
  /** Modules the options say are compiled in, by short name. */
  readonly compiledIn = new Set<string>();
  /** Each read-time conditional section's own condition (`<IfModule>`, `<IfDefine>`, `<IfVersion>`...). */
  private conditions = new Map<ApacheSection, Tri>();
  private byKey = new Map<string, ApacheEntry[]>();
  private byScope = new Map<ApacheSection | null, ApacheEntry[]>();

  constructor(
    readonly tree: ApacheTree,
    readonly options: ApacheModelOptions = {},
  ) {
    this.htaccess = isHtaccessName(tree.root.path);
    const optionModules = (options.modules ?? []).map((m) => m.toLowerCase());
    // A module a template names (`LoadModule {{ module }} ...`) may be any: then the set is not known.
    this.modulesKnown = !this.htaccess && (optionModules.length > 0 || hasLoadModule(tree)) && !loadsTemplatedModule(tree);
    for (const m of optionModules) this.compiledIn.add(moduleIdentity(moduleId(m)).short);
    const read = new ReadState(this.modulesKnown, options, optionModules);
    this.walk(read);
    this.mpm = findMpm(this, options.mpm);
  }

  /** httpd's read order, includes spliced in place: every entry with its context, modules and defines as they are read. */
  private walk(read: ReadState) {
    let order = 0;
    const root: Context = { section: null, outer: null, scope: null, vhost: null, active: "yes" };
    // Sections nested deeper than MAX_NESTING are not walked (the loader says so, and did not follow their includes).
    walkReadOrder<ApacheNode, Context>(readFirst(this.tree), root, [], (node, ctx, push, depth) => {
      const entry: ApacheEntry = new Entry(node, ctx, order++);
      this.entries.push(entry);
      push1(this.byKey, node.key, entry);
      push1(this.byScope, ctx.scope, entry);
      if (node.kind === "section") {
        if (node.key === "macro" && ctx.active !== "no") this.defineMacro(read, node);
        if (depth >= MAX_NESTING) return;
        const conditional = CONDITIONAL_SECTIONS.has(node.key);
        const own = conditional ? read.condition(node) : "yes";
        if (conditional) this.conditions.set(node, own);
        push(node.children, {
          section: node,
          outer: ctx,
          scope: conditional ? ctx.scope : node,
          vhost: node.key === "virtualhost" ? node : ctx.vhost,
          // A <Macro> body is a template httpd reads only where a `Use` expands it (unseenAt counts the Use): never in place.
          active: node.key === "macro" ? "no" : conditional ? and(ctx.active, own) : ctx.active,
          expanding: ctx.expanding,
        });
        return;
      }
      if (ctx.active === "no") return;
      if (node.key === "use") {
        const expanded = this.expandUse(read, node, ctx);
        if (expanded) push(expanded.nodes, { ...ctx, chain: undefined, expanding: [...(ctx.expanding ?? []), expanded.macro] });
        return;
      }
      if (node.key === "loadmodule") this.noteModule(read, entry as ApacheEntry<ApacheDirective>, ctx.active);
      else if (node.key === "define" && node.args[0] && ctx.active === "yes") read.defines.add(node.args[0].value);
      else if (node.key === "include" || node.key === "includeoptional") for (const f of this.tree.includes.get(node) ?? []) push(f.ast.children, ctx, f.path);
    });
  }

  /** mod_macro: a `<Macro>` read is defined from here on (later `Use`s expand it); its body, wherever it is written. */
  private defineMacro(read: ReadState, node: ApacheSection) {
    const name = node.args[0]?.value.toLowerCase();
    if (name) read.macros.set(name, node);
    this.macroBodies.push(node);
  }

  /** What a `Use` reads in its place: its macro's body expanded (./macros.ts), or null when httpd would not expand it. */
  private expandUse(read: ReadState, node: ApacheDirective, ctx: Context): { macro: ApacheSection; nodes: ApacheNode[] } | null {
    const macro = read.macros.get(node.args[0]?.value.toLowerCase() ?? "");
    if (!macro || ctx.expanding?.includes(macro) || macro.incomplete) return null;
    const nodes = expandMacro(
      macro,
      node.args.slice(1).map((a) => a.value),
      ctx.section,
      read.expansionBudget,
      // A Use inside another macro's body stands for the outer Use's place.
      ctx.section?.usedAt ?? node,
    );
    if (!nodes) return null;
    this.expandedUses.add(node);
    return { macro, nodes };
  }

  /** The `Use` directives read as their macros' bodies (the rest are places the linter cannot see: unseenAt). */
  private readonly expandedUses = new Set<ApacheNode>();
  /** Every `<Macro>` section: what is found in one is found in an expansion, and no fix edits it (editsMacroBody). */
  private readonly macroBodies: ApacheSection[] = [];

  /** Whether an edit falls in a `<Macro>` body, whose text stands for every `Use` of it (a fix there is not made). */
  editsMacroBody(edits: readonly { file: string; start: number; end: number }[]): boolean {
    return edits.some((e) => this.macroBodies.some((m) => m.file === e.file && e.end >= m.range.start && e.start <= m.range.end));
  }

  /** A LoadModule read: the module is present from here on (as surely as the LoadModule is in effect). */
  private noteModule(read: ReadState, entry: ApacheEntry<ApacheDirective>, active: Tri) {
    const id = entry.node.args[0]?.value;
    if (!id) return;
    const ident = moduleIdentity(id, entry.node.args[1]?.value);
    for (const n of ident.names) if (read.present.get(n) !== "yes") read.present.set(n, active);
    if (!this.modules.has(ident.short) || active === "yes") this.modules.set(ident.short, { short: ident.short, entry });
  }

  private folds = new WeakMap<SectionFold<unknown>, Map<Context, unknown>>();

  /**
   * A fold's value for an entry's enclosing sections, computed once per
   * context from its outer context's value: linear in the number of sections
   * in all, where folding each entry's chain would be quadratic in the depth.
   */
  foldSections<T>(entry: ApacheEntry, fold: SectionFold<T>): T {
    let memo = this.folds.get(fold as SectionFold<unknown>) as Map<Context, T> | undefined;
    if (!memo) this.folds.set(fold as SectionFold<unknown>, (memo = new Map()));
    const path: Context[] = [];
    let c: Context | null = (entry as Entry).context;
    while (c && !memo.has(c)) {
      path.push(c);
      c = c.outer;
    }
    let value = c ? (memo.get(c) as T) : fold.root;
    for (let i = path.length - 1; i >= 0; i--) {
      const x = path[i];
      if (x.section) value = fold.step(value, x.section);
      memo.set(x, value);
    }
    return value;
  }

  /** Whether a read-time conditional section's own condition holds (its enclosing ones aside). */
  conditionOf(section: ApacheSection): Tri {
    return this.conditions.get(section) ?? "unknown";
  }

  // The model does not change once built: queries are answered once and shared, frozen
  // (rules ask per application, per directive).
  private memo = new Map<string, ApacheEntry[]>();
  private scopeMemo = new Map<ApacheSection | null, ApacheEntry[]>();

  /**
   * Directives and sections with this name, in read order, that may be in
   * effect: those inside a section whose condition is false are left out
   * (httpd never reads them); those under an undecided condition stay in,
   * with `active: "unknown"`.
   */
  mayBeInEffect(name: string): ApacheEntry[] {
    const key = name.toLowerCase();
    let hit = this.memo.get(key);
    if (!hit) this.memo.set(key, (hit = Object.freeze((this.byKey.get(key) ?? []).filter((e) => e.active !== "no")) as ApacheEntry[]));
    return hit;
  }

  /** Directives with this name, in read order, that may be in effect (see mayBeInEffect). */
  directives(name: string): ApacheEntry<ApacheDirective>[] {
    const key = "d\0" + name.toLowerCase();
    let hit = this.memo.get(key);
    if (!hit) this.memo.set(key, (hit = Object.freeze(this.mayBeInEffect(name).filter((e) => e.node.kind === "directive")) as ApacheEntry[]));
    return hit as ApacheEntry<ApacheDirective>[];
  }

  /** Sections with this name, in read order, that may be in effect (see mayBeInEffect). */
  sections(name: string): ApacheEntry<ApacheSection>[] {
    const key = "s\0" + name.toLowerCase();
    let hit = this.memo.get(key);
    if (!hit) this.memo.set(key, (hit = Object.freeze(this.mayBeInEffect(name).filter((e) => e.node.kind === "section")) as ApacheEntry[]));
    return hit as ApacheEntry<ApacheSection>[];
  }

  private hostMemo = new Map<string, Map<ApacheSection | null, ApacheEntry[]>>();

  /**
   * Sections with this name that may be in effect and that a virtual host
   * sees: those at server level and those in the host (null: server level
   * only), in read order. Indexed per name on first request, so that a
   * question per alias or application costs its host's sections, not the server's.
   */
  sectionsSeenBy(name: string, vhost: ApacheSection | null): ApacheEntry<ApacheSection>[] {
    return this.seenBy("s\0" + name.toLowerCase(), () => this.sections(name), vhost) as ApacheEntry<ApacheSection>[];
  }

  /** The same for directives: those at server level or anywhere in the host (see sectionsSeenBy). */
  directivesSeenBy(name: string, vhost: ApacheSection | null): ApacheEntry<ApacheDirective>[] {
    return this.seenBy("d\0" + name.toLowerCase(), () => this.directives(name), vhost) as ApacheEntry<ApacheDirective>[];
  }

  private seenBy(key: string, all: () => readonly ApacheEntry[], vhost: ApacheSection | null): ApacheEntry[] {
    let byHost = this.hostMemo.get(key);
    if (!byHost) {
      byHost = new Map();
      for (const e of all()) push1(byHost, e.vhost, e);
      this.hostMemo.set(key, byHost);
    }
    const top = byHost.get(null) ?? [];
    const own = vhost ? (byHost.get(vhost) ?? []) : [];
    if (!own.length) return top;
    if (!top.length) return own;
    // Both in read order: merged.
    const out: ApacheEntry[] = [];
    let i = 0;
    let j = 0;
    while (i < top.length || j < own.length) out.push(j >= own.length || (i < top.length && top[i].order < own[j].order) ? top[i++] : own[j++]);
    return out;
  }

  /** Entries directly in a scope (through conditionals and includes, not into nested scopes) that may be in effect; null is server level. */
  inScope(scope: ApacheSection | null): ApacheEntry[] {
    let hit = this.scopeMemo.get(scope);
    if (!hit) this.scopeMemo.set(scope, (hit = Object.freeze((this.byScope.get(scope) ?? []).filter((e) => e.active !== "no")) as ApacheEntry[]));
    return hit;
  }

  private scopeKeyMemo = new Map<string, Map<ApacheSection | null, ApacheEntry<ApacheDirective>[]>>();

  /**
   * Directives named `name` directly in a scope, in read order. Indexed per
   * name on first request (those directives by scope): rules ask per section
   * for a few names, and a map of every name per scope cost more than the answers.
   */
  scopeDirectives(scope: ApacheSection | null, name: string): ApacheEntry<ApacheDirective>[] {
    const key = name.toLowerCase();
    let byScope = this.scopeKeyMemo.get(key);
    if (!byScope) {
      byScope = new Map();
      for (const e of this.byKey.get(key) ?? [])
        if (e.active !== "no" && e.node.kind === "directive") push1(byScope, e.scope, e as ApacheEntry<ApacheDirective>);
      this.scopeKeyMemo.set(key, byScope);
    }
    return byScope.get(scope) ?? [];
  }

  /**
   * Whether the linter sees the whole server (a main configuration: it loads
   * modules or is httpd.conf/apache2.conf), so that the absence of a directive
   * means something. A lone virtual-host file or .htaccess does not.
   */
  get complete(): boolean {
    if (this.htaccess) return false;
    return this.modules.size > 0 || this.compiledIn.size > 0 || /^(apache2|httpd)\.conf$/i.test(this.tree.root.path.split(/[\\/]/).pop() as string);
  }

  /** Whether the target Django is older than major.minor; false when no version is given. */
  djangoBefore(version: string): boolean {
    const have = this.options.djangoVersion;
    if (!have) return false;
    const [a, b] = have.split(".").map(Number);
    const [c, d] = version.split(".").map(Number);
    return a < c || (a === c && (b ?? 0) < (d ?? 0));
  }

  /** Whether a module is loaded: `yes`/`no` when the module set is known, else `unknown`. */
  hasModule(short: string): Tri {
    if (this.compiledIn.has(short) || BUILTIN_MODULES.includes(short)) return "yes";
    const m = this.modules.get(short);
    if (m) return m.entry.active;
    return this.modulesKnown ? "no" : "unknown";
  }

  /**
   * The directives named `name` that apply where `at` is: the server level,
   * its virtual host and the sections around it, in httpd's merge order
   * (merge.ts): the last one is in effect. Entries under an undecided
   * condition are included, with `active: "unknown"`.
   */
  directivesInEffect(
    name: string,
    at: { scope: ApacheSection | null; vhost: ApacheSection | null; sections: ApacheSection[] },
  ): ApacheEntry<ApacheDirective>[] {
    // Entries of one context share the answer (a rule asks for every RewriteRule of a large section).
    const ctx = at instanceof Entry ? at.context : null;
    const key = name.toLowerCase();
    const memo = ctx ? this.inEffectMemo.get(key)?.get(ctx) : undefined;
    if (memo) return memo.slice();
    const chain = new Set<ApacheSection | null>([null, at.vhost, ...at.sections, at.scope]);
    // Per scope of the chain, not a filter of every such directive in the server (asked per directive).
    const out: ApacheEntry<ApacheDirective>[] = [];
    for (const scope of chain) for (const e of this.scopeDirectives(scope, name)) out.push(e);
    if (out.length > 1) out.sort(byMergeOrder);
    if (ctx) {
      let byCtx = this.inEffectMemo.get(key);
      if (!byCtx) this.inEffectMemo.set(key, (byCtx = new Map()));
      byCtx.set(ctx, out.slice());
    }
    return out;
  }

  private inEffectMemo = new Map<string, Map<Context, ApacheEntry<ApacheDirective>[]>>();

  /** Where the linter cannot see everything: the server level (which reaches every host), or virtual hosts. */
  private unseen: { server: boolean; hosts: Set<ApacheSection> } | undefined;
  private sectionsAt: NestingIndex<ApacheEntry> | undefined;

  /**
   * Whether what the linter cannot see (an Include it could not read,
   * directives a template fills in, a mod_macro `Use`) may apply at a place: anywhere at server
   * level (its sections reach every host), or in the virtual host that holds
   * the place.
   */
  unseenAt(at: Positioned): boolean {
    if (!this.unseen) {
      const u = { server: false, hosts: new Set<ApacheSection>() };
      for (const e of this.entries) {
        // mod_macro's `Use` stands for the directives its macro expands to, which the linter does not expand.
        const hidden =
          this.tree.unresolved.has(e.node as ApacheDirective) ||
          isOpaque(e.node.name) ||
          (e.node.kind === "directive" && e.node.key === "use" && !this.expandedUses.has(e.node));
        if (e.active === "no" || !hidden || modSecurityRules(e)) continue;
        if (e.vhost) u.hosts.add(e.vhost);
        else u.server = true;
      }
      this.unseen = u;
    }
    if (this.unseen.server) return true;
    if (!this.unseen.hosts.size) return false;
    this.sectionsAt ??= new NestingIndex(
      this.entries.filter((e) => e.node.kind === "section").map((e) => ({ file: e.node.file, start: e.node.range.start, end: e.node.range.end, value: e })),
    );
    const holders = this.sectionsAt.innermost(at) ?? this.entries.filter((e) => e.node.file === at.file && e.node.parent === null);
    const hosts = holders.map((e) => (e.node.kind === "section" && e.node.key === "virtualhost" ? e.node : e.vhost));
    return hosts.some((h) => h !== null && (this.unseen as { hosts: Set<ApacheSection> }).hosts.has(h));
  }
}

/**
 * An Include of ModSecurity's rules the linter could not read (Debian's security2.conf includes
 * `/usr/share/modsecurity-crs/*.load` and `/etc/modsecurity/*.conf` under `<IfModule security2_module>`; the Core
 * Rule Set's crs-setup.conf): `Sec*` directives, which set no request header and pass nothing to a backend.
 */
function modSecurityRules(e: ApacheEntry): boolean {
  const n = e.node;
  if (n.kind !== "directive" || !/^include(optional)?$/.test(n.key)) return false;
  if (/modsecurity|owasp-crs|coreruleset/i.test(n.args[0]?.value ?? "")) return true;
  return e.sections.some((s) => s.key === "ifmodule" && /^(?:security[23]_module|mod_security[23]?\.c)$/i.test(s.args[0]?.value ?? ""));
}

/**
 * What the read so far has made true, for the read-time conditionals that
 * follow: the modules present (built in, compiled in, loaded), the names
 * `Define`d, the target version.
 */
class ReadState {
  readonly present = new Map<string, Tri>();
  readonly defines = new Set<string>();
  /** mod_macro's macros defined so far, by name (case-insensitive, as mod_macro compares them). */
  readonly macros = new Map<string, ApacheSection>();
  readonly expansionBudget = { left: MAX_EXPANDED_NODES };
  private readonly version: string;

  constructor(
    private modulesKnown: boolean,
    options: ApacheModelOptions,
    optionModules: string[],
  ) {
    for (const b of BUILTIN_MODULES) for (const n of moduleIdentity(`${b}_module`).names) this.present.set(n, "yes");
    for (const m of optionModules) for (const n of moduleIdentity(moduleId(m)).names) this.present.set(n, "yes");
    if (options.mpm) for (const n of moduleIdentity(`mpm_${options.mpm}_module`).names) this.present.set(n, "yes");
    this.version = options.apacheVersion ?? "2.4";
  }

  /** A conditional section's own condition, as httpd decides it at this point of the read. */
  condition(s: ApacheSection): Tri {
    const arg = s.args[0]?.value ?? "";
    switch (s.key) {
      case "ifmodule": {
        const { name, negated } = ifModuleName(arg);
        const have = this.present.get(name) ?? (this.modulesKnown ? "no" : "unknown");
        return negated ? not(have) : have;
      }
      case "ifdefine": {
        const negated = arg.startsWith("!");
        const name = negated ? arg.slice(1) : arg;
        // Defined in the config: known; otherwise it may come from `httpd -D`.
        const have: Tri = this.defines.has(name) ? "yes" : "unknown";
        return negated ? not(have) : have;
      }
      case "ifversion":
        return evalIfVersion(
          s.args.map((a) => a.value),
          this.version,
        );
      default:
        return "unknown";
    }
  }
}

/** `python_module`, `mod_python.c` or `python` -> `python_module`. */
function moduleId(name: string): string {
  if (name.endsWith("_module")) return name;
  return name.replace(/^mod_/, "").replace(/\.c$/, "") + "_module";
}

function push1<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function loadsTemplatedModule(tree: ApacheTree): boolean {
  for (const f of tree.files.values()) {
    if (!f.template) continue;
    const stack = [f.ast.children];
    while (stack.length)
      for (const n of stack.pop() as ApacheNode[]) {
        if ((n.key === "loadmodule" && n.args.some((a) => isOpaque(a.value))) || (n.kind === "directive" && isOpaque(n.name))) return true;
        if (n.kind === "section") stack.push(n.children);
      }
  }
  return false;
}

function hasLoadModule(tree: ApacheTree): boolean {
  for (const f of tree.files.values()) {
    const stack = [f.ast.children];
    while (stack.length)
      for (const n of stack.pop() as ApacheNode[]) {
        if (n.key === "loadmodule") return true;
        if (n.kind === "section") stack.push(n.children);
      }
  }
  return false;
}

function findMpm(server: ApacheServer, fromOptions?: string): ApacheServer["mpm"] {
  const candidates = [...server.modules.values()].filter((m) => /^mpm_\w+$/.test(m.short) && m.short !== "mpm_common");
  const sure = candidates.filter((m) => m.entry.active === "yes");
  if (sure.length === 1) return { name: sure[0].short.slice(4), entry: sure[0].entry };
  if (candidates.length === 0 && fromOptions) return { name: fromOptions, entry: null };
  return null;
}

export function isHtaccessName(p: string): boolean {
  const base = p.split(/[\\/]/).pop() ?? "";
  return base === ".htaccess" || base.endsWith(".htaccess") || /^htaccess(\.txt|\.dist)?$/.test(base) || base === ".htaccess.dist";
}
