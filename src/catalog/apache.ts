/**
 * Apache: unknown directives and directives in the wrong context, from
 * data/apache.json (httpd 2.4's own tables: `apache2 -L` and probes with
 * `apache2 -t`, see scripts/gen-catalog-apache.mjs).
 *
 * httpd matches names case-insensitively. A name no module declares is
 * "Invalid command ..., perhaps misspelled or defined by a module not included
 * in the server configuration"; a known name outside the contexts its module
 * allows is "... not allowed here" or "... cannot occur within <X> section".
 *
 * What the linter cannot see stays silent:
 * - entries httpd skips (`<IfModule>` of a module that is not loaded ...);
 * - `<IfModule !x>` (fallbacks for another server build) and `<IfModule x>`,
 *   `<IfDirective x>`, `<IfSection x>` for names the catalog does not know;
 * - bodies httpd does not read as directives here (`<Macro>` templates, Lua
 *   hooks, provider aliases, managed domains) and sections left unclosed;
 * - the top level of a file that is not a whole server (a snippet Included
 *   from a `<VirtualHost>` or a `<Directory>`): its outer context is unknown;
 * - in a lone .htaccess, AllowOverride is unknown: only directives .htaccess
 *   never allows are reported;
 * - names unknown to httpd 2.4 when the target is older (2.2 had directives
 *   2.4 removed).
 */
import type { ApacheDirective, ApacheNode, ApacheSection } from "../ast/apache.js";
import type { Positioned } from "../core/range.js";
import { BUILTIN_MODULES, ifModuleName, moduleIdentity } from "../model/apache/modules.js";
import type { ApacheServer, SectionFold } from "../model/apache/server.js";
import type { RuleSettings } from "../core/settings.js";
import { Phrase, shown } from "../source/quote.js";
import catalog from "./data/apache.json" with { type: "json" };
import type { CatalogName, DirectiveDescription, DirectiveFinding } from "./types.js";
import { describer } from "./describe.js";
import { suggest } from "../core/suggest.js";
import { own } from "../core/own.js";
import { LazyTable } from "./lazy-table.js";
import { catalogRows } from "./rows.js";

interface CatalogEntry {
  name: string;
  module: string | string[];
  context: string[];
  notIn?: string[];
  override?: string[];
  args?: { min: number; max: number | null };
  thirdParty?: boolean;
}

interface Known {
  /** As the manual spells it; sections as `<Directory>`. */
  name: string;
  modules: string[];
  server: boolean;
  vhost: boolean;
  dir: boolean;
  htaccess: boolean;
  /** Directory-like section kinds that refuse it although `dir` is set: `<Location>`, `<Limit>` ... */
  notIn: Set<string>;
  /** Allowed inside `<RequireAll>`/`<RequireAny>`/`<RequireNone>`, which read only AuthConfig directives. */
  authConfig: boolean;
}

interface Tables {
  /** Directives by lower-cased name. */
  directives: LazyTable<CatalogEntry, Known>;
  /** Sections by lower-cased name without `<`. */
  sections: LazyTable<CatalogEntry, Known>;
  /** Every name `<IfModule>` may use for a module the catalog knows (`wsgi_module`, `mod_wsgi.c`, `prefork.c`). */
  moduleNames: Set<string>;
  /** Modules always there: their directives never need a LoadModule. */
  always: Set<string>;
}

/** What only a did-you-mean needs, built at the first one (a lint with no unknown name never builds it). */
interface SuggestionTables {
  directiveNames: string[];
  sectionNames: string[];
  /** Third-party name prefixes (lower case) and their modules' directive names, longest prefix first. */
  families: { prefix: string; names: string[] }[];
}

/** Section kinds that make a directory context, as httpd groups them (ap_check_cmd_context). */
const DIR_KIND: Record<string, string> = {
  directory: "<Directory>",
  directorymatch: "<Directory>",
  location: "<Location>",
  locationmatch: "<Location>",
  files: "<Files>",
  filesmatch: "<Files>",
  if: "<If>",
  elseif: "<If>",
  else: "<If>",
  proxy: "<Proxy>",
  proxymatch: "<Proxy>",
};
const LIMIT = new Set(["limit", "limitexcept"]);
const REQUIRE_SECTIONS = new Set(["requireall", "requireany", "requirenone"]);
/** Sections whose body is not read as directives in place (templates, Lua or Perl code, provider and domain definitions). */
const OPAQUE = /^(macro|authnprovideralias|authzprovideralias|mdomain|mdomainset|lua\w*|perl)$/;
const DIR_ORDER = ["<Directory>", "<Location>", "<Files>", "<If>", "<Proxy>"];

let tables: Tables | undefined;

/** A name's lookup value: its last entry in the catalog (httpd keeps one command per name). */
function knownOf(declared: CatalogEntry[]): Known {
  const e = declared[declared.length - 1];
  return {
    name: e.name,
    modules: Array.isArray(e.module) ? e.module : [e.module],
    server: e.context.includes("server config"),
    vhost: e.context.includes("virtual host"),
    dir: e.context.includes("directory"),
    htaccess: e.context.includes(".htaccess"),
    notIn: new Set(e.notIn ?? []),
    authConfig: (e.override ?? []).some((o) => o === "AuthConfig" || o === "All"),
  };
}

/** The lookup maps, built once per process at first use. */
function load(): Tables {
  if (tables) return tables;
  // One table keyed by the lower-cased name: a directive's key is its name, a section's `<name>`.
  const rows = catalogRows<CatalogEntry>(catalog, "directives", true);
  const directives = new LazyTable(
    {
      get: (key) => (key.startsWith("<") ? undefined : rows.get(key)),
      keys: () => [...rows.keys()].filter((k) => !k.startsWith("<")),
    },
    knownOf,
  );
  const sections = new LazyTable(
    {
      get: (key) => rows.get(`<${key}>`),
      keys: () => [...rows.keys()].filter((k) => k.startsWith("<")).map((k) => k.slice(1, -1)),
    },
    knownOf,
  );
  const moduleNames = new Set<string>();
  const shorts = [...catalog.modules, ...catalog.compiledIn, ...BUILTIN_MODULES];
  for (const m of shorts) for (const n of moduleIdentity(`${m}_module`).names) moduleNames.add(n);
  for (const names of Object.values(catalog.moduleNames as Record<string, string[]>)) for (const n of names) moduleNames.add(n.toLowerCase());
  tables = { directives, sections, moduleNames, always: new Set([...catalog.compiledIn, ...BUILTIN_MODULES]) };
  return tables;
}

let suggestionTables: SuggestionTables | undefined;

function loadSuggestionTables(): SuggestionTables {
  if (suggestionTables) return suggestionTables;
  const { directives, sections } = load();
  const all = [...directives.values()];
  const families = Object.entries(catalog.families as Record<string, string>)
    .map(([module, prefix]) => ({ prefix, names: all.filter((k) => k.modules.includes(module)).map((k) => k.name) }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  suggestionTables = {
    directiveNames: all.map((k) => k.name),
    sectionNames: [...sections.values()].map((k) => k.name.slice(1, -1)),
    families,
  };
  return suggestionTables;
}

/** Where an entry sits, as far as httpd's context checks go. */
interface Where {
  vhost: boolean;
  /** The innermost directory-like section. */
  lastDir: ApacheSection | null;
  /** The outermost directory-like section of each kind, with its depth among them (the outermost refusing kind is named). */
  dirKinds: ReadonlyMap<string, { section: ApacheSection; depth: number }>;
  /** How many directory-like sections enclose the entry. */
  dirDepth: number;
  limit: ApacheSection | null;
  /** The innermost `<RequireAll>`/`<RequireAny>`/`<RequireNone>`. */
  require: ApacheSection | null;
}

interface Place {
  where: Where;
  /** Inside a section the linter does not judge (see the module comment). */
  silent: boolean;
}

const SERVER_LEVEL: Place = { where: { vhost: false, lastDir: null, dirKinds: new Map(), dirDepth: 0, limit: null, require: null }, silent: false };

/** `unknown-directive` for a name no catalog module defines, with the nearest known name when there is one. */
function unknownFinding(node: ApacheDirective | ApacheSection, severity: { severity?: "error" }): DirectiveFinding {
  const section = node.kind === "section";
  const suggestion = section ? suggest(node.name, loadSuggestionTables().sectionNames, true) : suggestApacheDirective(node.name);
  if (!suggestion) return { rule: "unknown-directive", messageId: "unknown", data: { what: "directive", name: displayOf(node) }, at: atOf(node), ...severity };
  const data = { what: "directive", name: displayOf(node), suggestion: section ? `<${suggestion}>` : suggestion };
  return { rule: "unknown-directive", messageId: "unknownSuggest", data, at: atOf(node), ...severity };
}

export function apacheDirectiveFindings(server: ApacheServer, settings: RuleSettings): DirectiveFinding[] {
  const t = load();
  const out: DirectiveFinding[] = [];
  const extra = new Set(settings.extraDirectives.map((n) => n.toLowerCase().replace(/^<|>$/g, "")));
  const modern = versionAtLeast(server.options.apacheVersion ?? "2.4", 2, 4);
  // Whether the top level of the root file is server config (a whole server), or of unknown context (a snippet).
  const topKnown = server.complete;
  const mpm = server.mpm ? `mpm_${server.mpm.name}` : null;
  // The module set is known well enough to say a module is missing: the config loads an MPM or the options list the modules.
  const missingKnowable = modern && server.modulesKnown && (mpm !== null || server.compiledIn.size > 0);
  // httpd refuses to start on a name no loaded module defines ("Invalid command"): in a whole server whose
  // modules are all ones the catalog knows, an unknown name is an error, not a guess.
  const refusedByHttpd =
    modern &&
    server.complete &&
    server.modulesKnown &&
    [...server.modules.values()].every((m) => moduleIdentity(`${m.short}_module`).names.some((n) => t.moduleNames.has(n)));
  const stops = (entry: { active: string }) => (refusedByHttpd && entry.active === "yes" ? { severity: "error" as const } : {});
  // Sections already reported (or unknown): their bodies are not checked again.
  const skip = new Set<ApacheSection>();
  // A section is read before the entries inside it, so a context's place does not change once folded;
  // the model folds each context once, from its outer one (deep nesting stays linear).
  const placeFold: SectionFold<Place> = {
    root: SERVER_LEVEL,
    step(outer, s) {
      if (outer.silent) return outer;
      if (s.incomplete || skip.has(s) || OPAQUE.test(s.key)) return { where: outer.where, silent: true };
      // An <IfDefine> that may be off: httpd without that -D never reads its body.
      if (!quietInside(s, t) || (s.key === "ifdefine" && server.conditionOf(s) !== "yes")) return { where: outer.where, silent: true };
      const w = outer.where;
      if (s.key === "virtualhost") return { where: { ...w, vhost: true }, silent: false };
      const kind = own(DIR_KIND, s.key);
      if (kind) {
        const dirKinds = w.dirKinds.has(kind) ? w.dirKinds : new Map([...w.dirKinds, [kind, { section: s, depth: w.dirDepth }]]);
        return { where: { ...w, lastDir: s, dirKinds, dirDepth: w.dirDepth + 1 }, silent: false };
      }
      if (LIMIT.has(s.key)) return { where: { ...w, limit: s }, silent: false };
      if (REQUIRE_SECTIONS.has(s.key)) return { where: { ...w, require: s }, silent: false };
      return outer;
    },
  };
  for (const entry of server.entries) {
    if (entry.active === "no") continue;
    const node = entry.node;
    const section = node.kind === "section";
    if (section && node.incomplete) {
      skip.add(node);
      continue;
    }
    const { where, silent } = server.foldSections(entry, placeFold);
    if (silent) {
      if (section) skip.add(node);
      continue;
    }
    const known = section ? t.sections.get(node.key) : t.directives.get(node.key);
    // ${VAR} names and the like: httpd substitutes them first (a catalog name never needs the check).
    if (!known && !/^[A-Za-z][\w-]*$/.test(node.name)) continue;

    if (!known) {
      if (section) skip.add(node);
      if (!modern || extra.has(node.key)) continue;
      out.push(unknownFinding(node, stops(entry)));
      continue;
    }

    if (missingKnowable && entry.active === "yes") {
      const missing = missingModules(known, server, t, mpm);
      if (missing) {
        out.push({ rule: "unknown-directive", messageId: "needsModule", data: { name: displayOf(node), module: missing }, at: atOf(node), ...stops(entry) });
        if (section) skip.add(node);
        continue;
      }
    }

    const refused = refusal(known, where, server.htaccess, topKnown || entry.vhost !== null || where.lastDir !== null);
    if (refused) {
      out.push({
        rule: "directive-context",
        messageId: "context",
        data: { name: displayOf(node), where: refused, allowed: allowedPhrase(known) },
        at: atOf(node),
      });
      if (section) skip.add(node);
    }
  }
  return out;
}

// Built only for a finding: the loop above visits every directive of the server.
const atOf = (node: ApacheNode): Positioned => ({ range: node.kind === "section" ? node.openRange : node.nameRange, file: node.file });
const displayOf = (node: ApacheNode): string => (node.kind === "section" ? `<${node.name}>` : node.name);

/** False inside sections whose contents are meant for a build the linter cannot judge. */
function quietInside(s: ApacheSection, t: Tables): boolean {
  const arg = s.args[0]?.value ?? "";
  switch (s.key) {
    case "ifmodule": {
      const { name, negated } = ifModuleName(arg);
      return !negated && t.moduleNames.has(name);
    }
    case "ifdirective":
    case "ifsection": {
      if (arg.startsWith("!")) return false;
      const name = arg.toLowerCase().replace(/^<|>$/g, "");
      return (s.key === "ifdirective" ? t.directives : t.sections).has(name);
    }
    default:
      return true;
  }
}

/** Why httpd refuses `known` here (the `where` phrase), or null. */
function refusal(known: Known, where: Where, htaccess: boolean, contextKnown: boolean): Phrase | null {
  const phrase = refusalWords(known, where, htaccess, contextKnown);
  return phrase === null ? null : new Phrase(phrase);
}

function refusalWords(known: Known, where: Where, htaccess: boolean, contextKnown: boolean): string | null {
  if (htaccess && !known.htaccess) return "in .htaccess files";
  if (where.lastDir || htaccess) {
    if (!known.dir && !htaccess && where.lastDir) return `inside <${shown(where.lastDir.name)}>`;
    // The outermost section of a kind that refuses it.
    let first: { section: ApacheSection; depth: number } | null = null;
    for (const [kind, d] of where.dirKinds) if (known.notIn.has(kind) && (!first || d.depth < first.depth)) first = d;
    if (first) return `inside <${shown(first.section.name)}>`;
    if (where.limit && known.notIn.has("<Limit>")) return `inside <${shown(where.limit.name)}>`;
    if (where.require && !known.authConfig) return `inside <${shown(where.require.name)}>`;
    return null;
  }
  if (where.vhost) return known.vhost ? null : "inside <VirtualHost>";
  if (!contextKnown) return null;
  return known.server ? null : "in server config";
}

function allowedPhrase(known: Known): Phrase {
  const parts: string[] = [];
  if (known.server) parts.push("server config");
  if (known.vhost) parts.push("<VirtualHost>");
  if (known.dir) {
    const dirs = DIR_ORDER.filter((d) => !known.notIn.has(d));
    parts.push(...(dirs.length === DIR_ORDER.length ? dirs.slice(0, 3) : dirs));
  }
  if (known.htaccess) parts.push(".htaccess");
  if (!parts.length) return new Phrase("nowhere in this httpd");
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
  return new Phrase(known.server ? `in ${list}` : `only in ${list}`);
}

/**
 * The nearest known directive name for a misspelt one. A name with a
 * third-party module's prefix (`PerlSetHandler`, `uWSGISockett`) is that
 * module's directive mistyped: only its names are candidates, never httpd's
 * own (`SetHandler`).
 */
export function suggestApacheDirective(name: string): string | undefined {
  const t = loadSuggestionTables();
  const key = name.toLowerCase();
  const family = t.families.find((f) => key.startsWith(f.prefix));
  return suggest(name, family ? family.names : t.directiveNames, true);
}

/** `mod_wsgi`, `mod_shib` for a module's short name (`wsgi`; `mod_shib`, whose LoadModule name is `mod_shib`). */
const moduleLabel = (m: string): string => (m.startsWith("mod_") ? m : `mod_${m}`);

/** `mod_wsgi` (or `mod_cgi or mod_cgid`) when none of the modules defining `known` is loaded; null when one is or may be. */
function missingModules(known: Known, server: ApacheServer, t: Tables, mpm: string | null): string | null {
  if (known.modules.some((m) => t.always.has(m))) return null;
  if (known.modules.every((m) => m.startsWith("mpm_"))) {
    // MPM-specific directives (ThreadsPerChild ...): only when the MPM is known for sure.
    if (!mpm || known.modules.includes(mpm)) return null;
  } else if (known.modules.some((m) => loaded(server, m))) return null;
  return known.modules.map(moduleLabel).join(" or ");
}

/** Whether module `m` is or may be loaded; `php` answers to php5_module, php7_module, php_module ... */
function loaded(server: ApacheServer, m: string): boolean {
  if (server.hasModule(m) !== "no") return true;
  if (m === "php") for (const k of server.modules.keys()) if (/^php\d*$/.test(k)) return true;
  return false;
}

function versionAtLeast(v: string, major: number, minor: number): boolean {
  const [a, b] = v.split(".").map((x) => Number.parseInt(x, 10));
  if (Number.isNaN(a)) return true;
  return a > major || (a === major && (b || 0) >= minor);
}

const describeName = describer(
  () =>
    (catalog.directives as CatalogEntry[]).map((d) => ({
      name: d.name,
      module: [d.module]
        .flat()
        .map((m) => (m === "core" || m.startsWith("mod_") ? m : `mod_${m}`))
        .join(", "),
      allowed: d.context.join(", "),
    })),
  true,
);

/** A directive's or a section's catalog entry (`Directory` finds `<Directory>`), for the editor's hover. */
export function describeApacheDirective(name: string): DirectiveDescription | null {
  return describeName(name) ?? describeName(`<${name}>`);
}

/** Apache's contexts as the catalog names them. */
export type ApacheContext = "server config" | "virtual host" | "directory" | ".htaccess";

/** Directives and sections httpd accepts in a context, for the editor's completion (names as the manual spells them, sections without `<>`). */
export function apacheNamesIn(context: ApacheContext): CatalogName[] {
  return (catalog.directives as CatalogEntry[])
    .filter((d) => d.context.includes(context))
    .map((d) => ({
      name: d.name.startsWith("<") ? d.name.slice(1, -1) : d.name,
      module: [d.module]
        .flat()
        .map((m) => (m === "core" || m.startsWith("mod_") ? m : `mod_${m}`))
        .join(", "),
      allowed: d.context.join(", "),
      thirdParty: Boolean(d.thirdParty),
      block: d.name.startsWith("<"),
    }));
}
