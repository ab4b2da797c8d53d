/**
 * The lighttpd server as it will run. lighttpd reads its config into
 * contexts: the global one and one per conditional block (two blocks with the
 * same test in the same enclosing block share one context). Each context
 * holds the options set in it; `+=` in a conditional copies the enclosing
 * context's value first, as lighttpd does. At request time the options of
 * every matching context override the global ones, so the option in effect in
 * a context is its own, else the nearest enclosing context's.
 *
 * On top of that: the final `server.modules` list (after every `=`, `+=` and
 * `:=` in read order), and readers for `fastcgi.server`, `alias.url` and the
 * `url.rewrite*` lists. Statements built during syntax-error recovery are left
 * out. The walk is iterative (10,000 nested blocks are fine).
 */
import type { LighttpdAssignment, LighttpdCondition, LighttpdInclude, LighttpdStatement } from "../../ast/lighttpd.js";
import { MAX_NESTING } from "../../ast/types.js";
import type { Positioned } from "../../core/range.js";
import type { LighttpdTree } from "../../load/lighttpd.js";
import { walkReadOrder } from "../../load/tree.js";
import type { Tri } from "../../core/tri.js";
import { isOpaque } from "../../template/placeholder.js";
import { evaluate, merge, withAppended, type Value, type ValueEntry } from "./values.js";

export interface LighttpdContext {
  /** 0 for the global context, then in order of first appearance. */
  id: number;
  /** The conditional blocks that make this context (several when the same test is written twice); none for the global context. */
  blocks: LighttpdCondition[];
  parent: LighttpdContext | null;
  children: LighttpdContext[];
  /** Options set in this context, by key (`server.modules`, `var.x`). */
  settings: Map<string, Setting>;
  /** `global`, or the chain of tests as written: `$HTTP["host"] == "example.com"`. */
  label: string;
}

export interface Setting {
  key: string;
  value: Value;
  /** The assignments that made the value, in order: the last `=`/`:=` and the `+=` after it (with the enclosing context's when a `+=` copied it). */
  assignments: LighttpdAssignment[];
  context: LighttpdContext;
}

export interface LighttpdEntry<N extends LighttpdStatement = LighttpdStatement> {
  node: N;
  context: LighttpdContext;
  order: number;
}

/** One module of `server.modules`. */
export interface ModuleRef {
  name: string;
  /** The array entry that names it (in whichever file and assignment it is). */
  entry: ValueEntry;
}

export interface FastcgiHost {
  /** `"main"` in `"main" => ( ... )`; null for the unlabelled `(( ... ))` form. */
  label: string | null;
  /** Some option's name cannot be known (a variable, a template placeholder): any option may be set. */
  unknownOptions: boolean;
  entry: ValueEntry;
  /** The host's options array. */
  options: Extract<Value, { type: "array" }>;
  option(name: string): ValueEntry | undefined;
}

export interface FastcgiMount {
  /** The URL prefix or file extension: `/mysite.fcgi`, `.php`. */
  mount: string;
  entry: ValueEntry;
  hosts: FastcgiHost[];
  setting: Setting;
}

export interface AliasEntry {
  url: string;
  target: Value;
  entry: ValueEntry;
  setting: Setting;
}

export interface RewriteRule {
  pattern: string;
  target: Value;
  entry: ValueEntry;
  setting: Setting;
}

/** Options whose values are URL rewrite lists, in lighttpd's spellings. */
export const REWRITE_KEYS = [
  "url.rewrite-once",
  "url.rewrite",
  "url.rewrite-final",
  "url.rewrite-repeat",
  "url.rewrite-if-not-file",
  "url.rewrite-repeat-if-not-file",
];

/**
 * `include_shell` helpers of Debian's lighttpd package whose output sets no
 * module: `create-mime.conf.pl` prints `mimetype.assign`, `use-ipv6.pl` an IPv6
 * `$SERVER["socket"]` block. Any other command may add modules the linter cannot see.
 */
const SHELLS_WITHOUT_MODULES = /^\/usr\/share\/lighttpd\/(create-mime\.conf\.pl|use-ipv6\.pl)(\s|$)/;

export class LighttpdServer {
  readonly dialect = "lighttpd" as const;
  readonly global: LighttpdContext;
  readonly contexts: LighttpdContext[] = [];
  /** Every statement, in the order lighttpd reads it (includes spliced in place). */
  readonly entries: LighttpdEntry[] = [];
  /** The final `server.modules` list, in order. */
  readonly modules: ModuleRef[] = [];
  /**
   * Whether `modules` is the whole list (the module set is known): the config
   * sets `server.modules` with `=` (or is a main lighttpd.conf that builds it
   * with `+=`), every entry is a plain name, and no `include_shell` or
   * unreadable `include` could add more.
   */
  readonly modulesKnown: boolean;
  /** Statements a template fills in (`{{ extra_config }}`, `var.{{ name }} = ...`): any option may be set there. */
  readonly templated: LighttpdEntry<LighttpdAssignment>[] = [];
  /** The key of every assignment, complete or not, in any context. */
  readonly assignedKeys = new Set<string>();
  private childKeys = new Map<LighttpdContext, Map<string, LighttpdContext>>();
  private byKey = new Map<string, LighttpdEntry<LighttpdAssignment>[]>();

  constructor(readonly tree: LighttpdTree) {
    this.global = { id: 0, blocks: [], parent: null, children: [], settings: new Map(), label: "global" };
    this.contexts.push(this.global);
    this.walk();
    this.modulesKnown = this.readModules();
  }

  /** lighttpd's read order, includes spliced in place: every statement in its context, every assignment applied. */
  private walk() {
    let order = 0;
    // Blocks nested deeper than MAX_NESTING are not walked (the loader says so, and did not follow their includes).
    walkReadOrder<LighttpdStatement, LighttpdContext>(this.tree.root.ast.children, this.global, [], (node, ctx, push, depth) => {
      const entry: LighttpdEntry = { node, context: ctx, order: order++ };
      this.entries.push(entry);
      switch (node.kind) {
        case "assignment":
          this.assignedKeys.add(node.key);
          if (isOpaque(node.key)) this.templated.push(entry as LighttpdEntry<LighttpdAssignment>);
          if (!node.incomplete && node.value) this.assign(entry as LighttpdEntry<LighttpdAssignment>, ctx);
          break;
        case "condition":
          if (depth < MAX_NESTING) push(node.children, this.contextFor(node, ctx));
          break;
        case "global":
          push(node.children, this.global);
          break;
        case "include":
          for (const f of this.tree.includes.get(node) ?? []) push(f.ast.children, ctx, f.path);
          break;
      }
    });
  }

  /** An assignment read in a context: `=` sets (once per context), `+=` appends to the value in effect, `:=` replaces. */
  private assign(entry: LighttpdEntry<LighttpdAssignment>, ctx: LighttpdContext) {
    const node = entry.node;
    const list = this.byKey.get(node.key);
    if (list) list.push(entry);
    else this.byKey.set(node.key, [entry]);
    const value = evaluate(node.value as NonNullable<LighttpdAssignment["value"]>, (key) => this.settingInEffect(key, ctx)?.value);
    const own = ctx.settings.get(node.key);
    // The assignments list grows lazily: a copy per `+=` would be quadratic in a long chain of them.
    const appendTo = (before: Setting) =>
      withAppended({ key: node.key, value: merge(before.value, value, node), context: ctx } as Setting, "assignments", before, [node]);
    const above = node.op === "+=" && !own && ctx.parent ? this.settingInEffect(node.key, ctx.parent) : undefined;
    if (node.op === "+=" && own) {
      ctx.settings.set(node.key, appendTo(own));
    } else if (above) {
      ctx.settings.set(node.key, appendTo(above));
    } else if (node.op === "=" && own) {
      // lighttpd refuses a second `=` for one option in one context ("Duplicate config variable"): keep the first.
    } else {
      ctx.settings.set(node.key, { key: node.key, value, assignments: [node], context: ctx });
    }
  }

  /** The context of a conditional block: lighttpd keys a context by its parent and its test, so the same test written twice is one context. */
  private contextFor(node: LighttpdCondition, parent: LighttpdContext): LighttpdContext {
    const label = `${parent.id === 0 ? "" : parent.label + " / "}${testLabel(node, this.tree)}`;
    const key = node.test && !node.incomplete && node.prev === null && node.keyword !== "else" ? label : null;
    let siblings = this.childKeys.get(parent);
    if (!siblings) this.childKeys.set(parent, (siblings = new Map()));
    const existing = key ? siblings.get(key) : undefined;
    if (existing) {
      existing.blocks.push(node);
      return existing;
    }
    const ctx: LighttpdContext = { id: this.contexts.length, blocks: [node], parent, children: [], settings: new Map(), label };
    parent.children.push(ctx);
    this.contexts.push(ctx);
    if (key) siblings.set(key, ctx);
    return ctx;
  }

  /** The final `server.modules` list; whether it is the whole list (see modulesKnown). */
  private readModules(): boolean {
    const mods = this.global.settings.get("server.modules");
    let whole = false;
    if (mods?.value.type === "array") {
      // A module a template names (`"{{ module }}"`) is not known: the list is then not complete.
      for (const e of mods.value.entries)
        if (e.value.type === "string" && e.key === null && !isOpaque(e.value.value)) this.modules.push({ name: e.value.value, entry: e });
      const startsWithAssign = mods.assignments[0]?.op !== "+=";
      whole = (startsWithAssign || this.complete) && this.modules.length === mods.value.entries.length;
    }
    return whole && !this.templated.length && !this.tree.unfollowed.some((n) => !harmlessShell(n));
  }

  /**
   * Whether what the linter cannot see (an include it could not read or an
   * `include_shell` it never runs, statements a template fills in) may set
   * options that apply at a place: lighttpd merges every context's options,
   * so anywhere in the server.
   */
  unseenAt(_at: Positioned): boolean {
    return this.templated.length > 0 || this.tree.unfollowed.some((n) => !harmlessShell(n));
  }

  /** Whether the linter sees the whole server: the entry is a main lighttpd.conf. */
  get complete(): boolean {
    return /^lighttpd\.conf$/i.test(this.tree.root.path.split(/[\\/]/).pop() as string);
  }

  /** Every complete assignment to `key`, in read order, in any context. */
  assignments(key: string): LighttpdEntry<LighttpdAssignment>[] {
    return this.byKey.get(key) ?? [];
  }

  /** Each context's own setting of `key` (global first). */
  settings(key: string): Setting[] {
    const out: Setting[] = [];
    for (const c of this.contexts) {
      const s = c.settings.get(key);
      if (s) out.push(s);
    }
    return out;
  }

  /** The setting of `key` in effect in a context: its own, else the nearest enclosing context's. */
  settingInEffect(key: string, ctx: LighttpdContext = this.global): Setting | undefined {
    for (let c: LighttpdContext | null = ctx; c; c = c.parent) {
      const s = c.settings.get(key);
      if (s) return s;
    }
    return undefined;
  }

  /** Whether `server.modules` loads a module: `unknown` when the linter cannot see the whole list. */
  hasModule(name: string): Tri {
    if (this.modules.some((m) => m.name === name)) return "yes";
    return this.modulesKnown ? "no" : "unknown";
  }

  /** The mounts of a `fastcgi.server` setting: `"/mysite.fcgi" => ( "main" => ( "socket" => ... ) )`. */
  fastcgiMounts(setting: Setting): FastcgiMount[] {
    const out: FastcgiMount[] = [];
    if (setting.value.type !== "array") return out;
    for (const m of setting.value.entries) {
      if (m.key === null || m.value.type !== "array") continue;
      const hosts: FastcgiHost[] = [];
      for (const h of m.value.entries) {
        if (h.value.type !== "array") continue;
        const options = h.value;
        hosts.push({
          label: h.key,
          unknownOptions: options.entries.some(
            (e) => (e.key === null && (e.keyNode !== null || e.value.type === "unknown")) || (e.key !== null && isOpaque(e.key)),
          ),
          entry: h,
          options,
          option: (name: string) => {
            for (let i = options.entries.length - 1; i >= 0; i--) if (options.entries[i].key === name) return options.entries[i];
            return undefined;
          },
        });
      }
      out.push({ mount: m.key, entry: m, hosts, setting });
    }
    return out;
  }

  /** The URL prefixes of an `alias.url` setting. */
  aliases(setting: Setting): AliasEntry[] {
    if (setting.value.type !== "array") return [];
    return setting.value.entries.filter((e) => e.key !== null).map((e) => ({ url: e.key as string, target: e.value, entry: e, setting }));
  }

  /** The rules of a `url.rewrite*` setting, in order. */
  rewrites(setting: Setting): RewriteRule[] {
    if (setting.value.type !== "array") return [];
    return setting.value.entries.filter((e) => e.key !== null).map((e) => ({ pattern: e.key as string, target: e.value, entry: e, setting }));
  }
}

function harmlessShell(node: LighttpdInclude): boolean {
  if (!node.shell || !node.value || node.value.kind === "array") return false;
  const first = node.value.kind === "concat" ? node.value.parts[0] : node.value;
  return first.kind === "arg" && first.type === "string" && SHELLS_WITHOUT_MODULES.test(first.value);
}

/** `$HTTP["host"] == "example.com"` (or `else`) as written. */
function testLabel(node: LighttpdCondition, tree: LighttpdTree): string {
  const file = tree.files.get(node.file);
  const text = file ? file.source.text : "";
  const head = node.test ? text.slice(node.test.range.start, node.test.range.end) : (node.keyword ?? "else");
  return head.replace(/\s+/g, " ");
}
