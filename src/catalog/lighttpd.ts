/**
 * Lighttpd: unknown options and options in the wrong scope, from
 * data/lighttpd.json (what lighttpd 1.4.69 itself answers for each option,
 * plus the options of older 1.4.x releases).
 *
 * What lighttpd does, and so what is reported:
 * - A name no loaded module reads: "WARNING: unknown config-key: <name>
 *   (ignored)" at start, and the setting has no effect. Names are exact.
 *   `var.*`/`env.*` (and bare names, which are `var.*`) are the user's.
 *   Options of older releases (modules removed in 1.4.68...) are never
 *   reported: the config may be meant for that release.
 * - A known option whose module is not in `server.modules`: the same warning.
 *   Reported as "needs mod_x" only when the whole module list is visible
 *   (`modulesKnown`), after lighttpd's own additions: mod_indexfile,
 *   mod_dirlisting and mod_staticfile always (unless
 *   `server.compat-module-load = "disable"`), the authn backends with
 *   mod_auth, mod_openssl when an `ssl.*` option is set, mod_deflate for
 *   mod_compress.
 * - A global-only option in a conditional: "DEPRECATED: do not set server
 *   options in conditionals" and the value is ignored there. A socket option
 *   (`ssl.engine`, `server.use-ipv6`...) outside the global scope and a
 *   `$SERVER["socket"] == "..."` block: "must be in global scope or
 *   $SERVER["socket"] with '==', or else is ignored".
 */
import { isOpaque } from "../template/placeholder.js";
import type { LighttpdAssignment, LighttpdCondition, LighttpdTest } from "../ast/lighttpd.js";
import { REWRITE_KEYS, type LighttpdContext, type LighttpdServer } from "../model/lighttpd/server.js";
import type { RuleSettings } from "../core/settings.js";
import { phrase, Phrase } from "../source/quote.js";
import catalog from "./data/lighttpd.json" with { type: "json" };
import type { CatalogName, DirectiveFinding } from "./types.js";
import { describer } from "./describe.js";
import { suggest } from "../core/suggest.js";

/** Options whose missing module lighttpd/module-not-loaded reports (as an error, with a fix): not reported twice. */
const MODULE_RULE_KEYS = new Set(["fastcgi.server", "alias.url", ...REWRITE_KEYS]);

interface CatalogOption {
  name: string;
  module: string;
  /** Other modules that read the same name (the TLS modules share `ssl.*`). */
  alsoIn?: string[];
  scope: "any" | "global" | "socket";
  /** Known to lighttpd even when its module is not loaded. */
  withoutModule?: boolean;
  /** An option of an older 1.4.x release only. */
  legacy?: boolean;
}

interface Tables {
  options: Map<string, CatalogOption>;
  /** Current names, for suggestions (a legacy name is never the one to suggest). */
  names: string[];
}

let tables: Tables | undefined;

/** The lookup maps, built once per process at first use. */
function load(): Tables {
  if (tables) return tables;
  const options = new Map<string, CatalogOption>();
  for (const o of catalog.options as CatalogOption[]) options.set(o.name, o);
  tables = { options, names: (catalog.options as CatalogOption[]).filter((o) => !o.legacy).map((o) => o.name) };
  return tables;
}

/** Whether lighttpd (1.4.69 or an older 1.4.x) knows the option. */
export function isKnownLighttpdOption(name: string): boolean {
  return isUserVariable(name) || load().options.has(name);
}

/** The catalog entry of an option (undefined when unknown). */
export function lighttpdOption(name: string): Readonly<CatalogOption> | undefined {
  return load().options.get(name);
}

/** The nearest current option name for a misspelt one. */
export function suggestLighttpdOption(name: string): string | undefined {
  return suggest(name, load().names, false);
}

const isUserVariable = (key: string) => key.startsWith("var.") || key.startsWith("env.");

const SCOPE_ALLOWED: Record<string, string> = {
  global: "only in the global scope",
  socket: 'only in the global scope or a $SERVER["socket"] == "..." block',
};

/** `$SERVER["socket"] == "..."`: the only conditional where lighttpd reads socket options. */
function isSocketTest(test: LighttpdTest | null): boolean {
  return (
    !!test && test.variable === "SERVER" && test.op === "==" && test.field?.kind === "arg" && test.field.type === "string" && test.field.value === "socket"
  );
}

/** The innermost test of a context, as written. */
const innermost = (ctx: LighttpdContext) => ctx.label.split(" / ").pop() as string;

/**
 * The modules lighttpd will run, when the linter sees the whole list: the
 * `server.modules` names plus what lighttpd adds by itself. Null when unknown.
 */
function loadedModules(server: LighttpdServer): Set<string> | null {
  if (!server.modulesKnown) return null;
  const loaded = new Set(server.modules.map((m) => m.name));
  const compat = server.global.settings.get("server.compat-module-load");
  let compatOn = true;
  if (compat) {
    const v = compat.value;
    if (v.type === "string") compatOn = !/^(disable|false|0)$/i.test(v.value);
    else if (v.type === "integer") compatOn = v.value !== 0;
    else return null;
  }
  if (loaded.has("mod_compress")) loaded.add("mod_deflate");
  if (compatOn) {
    for (const m of catalog.autoloaded.always) loaded.add(m);
    if (loaded.has("mod_auth")) for (const m of catalog.autoloaded["with mod_auth"]) loaded.add(m);
    for (const key of server.assignedKeys)
      if (key.startsWith("ssl.")) {
        loaded.add("mod_openssl");
        break;
      }
  }
  return loaded;
}

/** Where a finding points: made only for a finding, as a range is a search of the file's line starts. */
const atOf = (node: LighttpdAssignment) => ({ range: node.nameRange, file: node.file });

export function lighttpdDirectiveFindings(server: LighttpdServer, settings: RuleSettings): DirectiveFinding[] {
  const t = load();
  const extra = new Set(settings.extraDirectives);
  const loaded = loadedModules(server);
  const out: DirectiveFinding[] = [];
  for (const e of server.entries) {
    if (e.node.kind !== "assignment") continue;
    const node: LighttpdAssignment = e.node;
    const name = node.key;
    // A name a template fills in (`server.{{ key }}`) is not a name yet.
    if (node.incomplete || isUserVariable(name) || extra.has(name) || extra.has(node.name) || isOpaque(name)) continue;
    const opt = t.options.get(name);
    if (!opt) {
      const suggestion = suggestLighttpdOption(name);
      out.push({
        rule: "unknown-directive",
        messageId: suggestion ? "unknownSuggest" : "unknown",
        data: suggestion ? { what: "option", name, suggestion } : { what: "option", name },
        at: atOf(node),
      });
      continue;
    }
    if (opt.legacy) continue;
    if (
      loaded &&
      opt.module !== "core" &&
      !opt.withoutModule &&
      !MODULE_RULE_KEYS.has(name) &&
      ![opt.module, ...(opt.alsoIn ?? [])].some((m) => loaded.has(m))
    ) {
      out.push({ rule: "unknown-directive", messageId: "needsModule", data: { name, module: opt.module }, at: atOf(node) });
    }
    const ctx = e.context;
    if (ctx.id === 0 || opt.scope === "any" || ctx.blocks.some((b) => b.incomplete)) continue;
    if (opt.scope === "socket" && ctx.blocks.every((b) => isSocketTest(b.test))) continue;
    out.push({
      rule: "directive-context",
      messageId: "context",
      data: { name, where: phrase`inside ${innermost(ctx)}`, allowed: new Phrase(SCOPE_ALLOWED[opt.scope]) },
      at: atOf(node),
    });
  }
  for (const ctx of server.contexts)
    for (const b of ctx.blocks) {
      const f = unknownCondition(b);
      if (f) out.push(f);
    }
  return out;
}

/**
 * The fields lighttpd reads in a condition (checked with lighttpd 1.4.69: any other, or another case, and it refuses
 * the file with "error comp_key"); `$REQUEST_HEADER["..."]` takes any header's name.
 */
const CONDITION_FIELDS: ReadonlyMap<string, readonly string[]> = new Map([
  [
    "HTTP",
    [
      "url",
      "host",
      "referer",
      "useragent",
      "user-agent",
      "language",
      "cookie",
      "remoteip",
      "remote-ip",
      "querystring",
      "query-string",
      "scheme",
      "request-method",
    ],
  ],
  ["SERVER", ["socket"]],
]);
/** Not checked: `$REQUEST_HEADER` (any header), and `$PHYSICAL`, a condition of older 1.4 releases (silent, as their options are). */
const UNCHECKED_CONDITIONS = new Set(["REQUEST_HEADER", "PHYSICAL"]);

/** A condition on a field lighttpd does not know: an error, since lighttpd does not start with it. */
function unknownCondition(b: LighttpdCondition): DirectiveFinding | null {
  const t = b.test;
  if (!t || b.incomplete || UNCHECKED_CONDITIONS.has(t.variable)) return null;
  const f = t.field;
  if (f?.kind !== "arg" || f.type !== "string" || CONDITION_FIELDS.get(t.variable)?.includes(f.value)) return null;
  const name = `$${t.variable}["${f.value}"]`;
  const suggestion = suggest(
    name,
    [...CONDITION_FIELDS].flatMap(([v, fields]) => fields.map((x) => `$${v}["${x}"]`)),
    true,
  );
  const data: Record<string, string> = suggestion ? { what: "condition", name, suggestion } : { what: "condition", name };
  return { rule: "unknown-directive", messageId: suggestion ? "unknownSuggest" : "unknown", data, at: { file: b.file, range: t.range }, severity: "error" };
}

/** An option's catalog entry, for the editor's hover. */
export const describeLighttpdOption = describer(() => {
  const scopes = catalog.scopes as Record<string, string>;
  return (catalog.options as CatalogOption[]).map((o) => ({ name: o.name, module: o.module, allowed: scopes[o.scope] ?? o.scope }));
}, false);

/** Options lighttpd reads where the cursor is: anywhere at the global scope, else those a conditional may set (`socket`: in `$SERVER["socket"]`). */
export function lighttpdNamesIn(where: "global" | "condition" | "socket"): CatalogName[] {
  const scopes = catalog.scopes as Record<string, string>;
  return (catalog.options as CatalogOption[])
    .filter((o) => !o.legacy && (where === "global" || o.scope === "any" || (where === "socket" && o.scope === "socket")))
    .map((o) => ({ name: o.name, module: o.module, allowed: scopes[o.scope] ?? o.scope, thirdParty: false, block: false }));
}
