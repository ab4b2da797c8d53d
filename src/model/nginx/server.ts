/**
 * The nginx server as it will run: every directive and block of the loaded
 * tree in the order nginx reads it, includes spliced in place, grouped into
 * scopes (main > http > server > location > nested location / if /
 * limit_except). A file included from several places appears once per place,
 * each time in its own scope. On top of the scopes: the virtual servers with
 * their listen addresses and names, the upstream groups, the locations with
 * their match type, and where each location sends requests.
 *
 * Array directives (`proxy_set_header`, `uwsgi_param`, `fastcgi_param`,
 * `add_header`) inherit as nginx merges them: a level that has any of them
 * replaces, not extends, what the outer levels set (`directivesInEffect`).
 */
import type { NginxBlock, NginxDirective, NginxNode } from "../../ast/nginx.js";
import type { ArgNode } from "../../ast/types.js";
import type { Positioned } from "../../core/range.js";
import { NestingIndex } from "../nesting.js";
import { readFirst, type NginxTree } from "../../load/nginx.js";
import { walkReadOrder } from "../../load/tree.js";
import { isOpaque } from "../../template/placeholder.js";
import { isLocalHost, parseBackend, parseListen, templatedPortHost, type Backend, type ListenAddress, type PassKind } from "./addresses.js";

export type ScopeKind = "main" | "http" | "server" | "location" | "if" | "limit_except" | "upstream" | "stream" | "mail" | "other";

export interface NginxEntry<N extends NginxNode = NginxNode> {
  node: N;
  /** The scope the node sits in (after include splicing). */
  scope: Scope;
  /** Read order over the whole server. */
  order: number;
}

export interface Scope {
  kind: ScopeKind;
  /** The block this scope is (null for the main level). */
  block: NginxBlock | null;
  parent: Scope | null;
  /** Direct children, includes spliced in place. */
  entries: NginxEntry[];
  /** An `include` directly here could not be read, or a template fills in statements here (`{{ extra_config }}`): what it sets is unknown. */
  unresolvedInclude: boolean;
  /** An unread include here is certbot's `options-ssl-nginx.conf`, which sets `ssl_*` directives only (see CERTBOT_TLS_OPTIONS). */
  unreadTlsOptions?: boolean;
  /** The nested scope of each block entry. */
  children: Scope[];
}

export type LocationModifier = "" | "=" | "~" | "~*" | "^~" | "@";

export interface Location {
  scope: Scope;
  block: NginxBlock;
  modifier: LocationModifier;
  /** The path, regex or name (for `@name`). */
  path: string;
  pathArg: ArgNode | null;
  server: VirtualServer | null;
  /** The enclosing location, for nested ones. */
  parent: Location | null;
  /** Where the location sends requests. */
  handler: Handler;
}

export type Handler =
  | { kind: PassKind; entry: NginxEntry<NginxDirective>; backend: Backend }
  | { kind: "return"; entry: NginxEntry<NginxDirective> }
  | { kind: "other"; entry: NginxEntry<NginxNode> }
  | { kind: "static" };

export interface VirtualServer {
  scope: Scope;
  block: NginxBlock;
  /** Listen addresses; a server without `listen` answers on *:80. */
  listens: { address: ListenAddress; entry: NginxEntry<NginxDirective> | null }[];
  names: string[];
  /** Any listen with `ssl`, or `ssl on`. */
  tls: boolean;
  locations: Location[];
}

export interface UpstreamServer {
  entry: NginxEntry<NginxDirective>;
  arg: ArgNode;
  host: string | null;
  port: number | null;
  unix: string | null;
}

export interface Upstream {
  name: string;
  scope: Scope;
  block: NginxBlock;
  servers: UpstreamServer[];
}

// Maps, not object literals: looking a config's name up in an object first interns the string.
/**
 * certbot's TLS options, which `certbot --nginx` includes in every server it
 * configures and which a repository copy of a site never holds: every version
 * certbot has shipped (certbot-nginx's `tls_configs/options-ssl-nginx*.conf`)
 * sets only `ssl_session_cache`, `ssl_session_timeout`, `ssl_session_tickets`,
 * `ssl_protocols`, `ssl_prefer_server_ciphers` and `ssl_ciphers`, so when it
 * cannot be read it leaves only `ssl_*` directives unknown.
 */
const CERTBOT_TLS_OPTIONS = /(^|\/)letsencrypt\/options-ssl-nginx\.conf$/;

const PASS = new Map<string, PassKind>([
  ["proxy_pass", "proxy"],
  ["uwsgi_pass", "uwsgi"],
  ["fastcgi_pass", "fastcgi"],
  ["scgi_pass", "scgi"],
  ["grpc_pass", "grpc"],
]);
/** Directives that make a location answer by itself rather than serve files. */
const OTHER_CONTENT =
  /^(js_content|perl|stub_status|empty_gif|memcached_pass|echo|content_by_lua(_block|_file)?|api|status|push_stream_.*|vod|passenger_enabled)$/;

const SCOPE_KINDS = new Map<string, ScopeKind>(
  (["http", "server", "location", "if", "limit_except", "upstream", "stream", "mail"] as const).map((k) => [k, k]),
);
const LOCATION_MODIFIERS = new Set(["=", "~", "~*", "^~"]);
/** Scopes with more entries than this get a by-name index on first query (an http block with thousands of servers). */
const NONE: readonly NginxEntry[] = Object.freeze([]);
const NONE_BLOCKS: readonly NginxEntry<NginxBlock>[] = Object.freeze([]);
const NO_TARGETS: readonly Backend[] = Object.freeze([]);

/** The variables a pass target names (`$app`, `${app}`), each once. */
const variableNames = (value: string): Set<string> => new Set([...value.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));

/** `value` with every `$name`/`${name}` replaced by `literal`. */
const putIn = (value: string, name: string, literal: string): string =>
  value.replace(new RegExp(`\\$(\\{${name}\\}|${name}(?![A-Za-z0-9_]))`, "g"), () => literal);

/** The pass's argument with the value its variables give: where it is written (a finding about the target points there). */
const withValue = (arg: ArgNode, value: string): ArgNode => ({ kind: "arg", raw: arg.raw, value, quote: arg.quote, range: arg.range, file: arg.file });
/** More combinations of mapped values than a hand-written config holds: left unknown. */
const MAX_MAPPED_TARGETS = 64;
const INDEX_FROM = 32;

export class NginxServer {
  readonly dialect = "nginx" as const;
  readonly main: Scope;
  readonly entries: NginxEntry[] = [];
  readonly servers: VirtualServer[] = [];
  readonly locations: Location[] = [];
  /** The virtual server and the location each block scope is (built with them: rules ask per directive). */
  private readonly serverOfScope = new Map<Scope, VirtualServer>();
  private readonly locationOfScope = new Map<Scope, Location>();
  readonly upstreams = new Map<string, Upstream>();
  /** Entries by name, filled per name on first query (rules ask about a handful of names; a map of all would cost a lookup per node). */
  private byName = new Map<string, NginxEntry[]>();
  /** Directives by name, for the large scopes that were asked about (see directivesIn). */
  private scopeIndex = new Map<Scope, Map<string, NginxEntry<NginxDirective>[]>>();
  /** Every block's scope, in read order. */
  private blockScopes: Scope[] = [];
  private blocksAt: NestingIndex<Scope> | undefined;
  private anyUnseen: boolean | undefined;

  constructor(
    readonly tree: NginxTree,
    /** Run options the model answers by (`nginxVersion`: see version.ts). */
    readonly options: { nginxVersion?: string } = {},
  ) {
    this.main = { kind: "main", block: null, parent: null, entries: [], unresolvedInclude: false, children: [] };
    // Each block's entry and scope, in read order (two arrays: one object less per block).
    const blockEntries: NginxEntry<NginxBlock>[] = [];
    const blockScopes: Scope[] = [];
    this.walk(blockEntries, blockScopes);
    this.findUpstreams(blockEntries, blockScopes);
    this.findServersAndLocations(blockEntries, blockScopes);
  }

  /** nginx's read order, includes spliced in place: every entry in its scope, and each block's scope. */
  private walk(blockEntries: NginxEntry<NginxBlock>[], blockScopes: Scope[]) {
    let order = 0;
    // Blocks nested deeper than MAX_NESTING are not walked (the loader says so, and did not follow their includes).
    walkReadOrder<NginxNode, Scope>(readFirst(this.tree), this.main, [], (node, scope, push) => {
      const entry: NginxEntry = { node, scope, order: order++ };
      this.entries.push(entry);
      scope.entries.push(entry);
      if (node.kind === "block") {
        const inner: Scope = { kind: SCOPE_KINDS.get(node.name) ?? "other", block: node, parent: scope, entries: [], unresolvedInclude: false, children: [] };
        scope.children.push(inner);
        blockEntries.push(entry as NginxEntry<NginxBlock>);
        blockScopes.push(inner);
        this.blockScopes.push(inner);
        if (node.children.length) push(node.children, inner);
      } else if (isOpaque(node.name)) scope.unresolvedInclude = true;
      else if (node.name === "include") {
        if (this.tree.unresolved.has(node)) {
          if (CERTBOT_TLS_OPTIONS.test(node.args[0]?.value ?? "")) scope.unreadTlsOptions = true;
          else scope.unresolvedInclude = true;
        }
        for (const f of this.tree.includes.get(node) ?? []) push(f.ast.children, scope, f.path);
      }
    });
  }

  /** The upstream groups, first (proxy_pass may name one defined later). */
  private findUpstreams(blockEntries: NginxEntry<NginxBlock>[], blockScopes: Scope[]) {
    for (let b = 0; b < blockScopes.length; b++) {
      const entry = blockEntries[b];
      const scope = blockScopes[b];
      if (scope.kind !== "upstream" || !inHttpOrUnknown(scope) || !entry.node.args[0]) continue;
      const servers: UpstreamServer[] = [];
      for (const e of scope.entries) {
        if (e.node.kind !== "directive" || e.node.name !== "server" || !e.node.args[0]) continue;
        const arg = e.node.args[0];
        const b = parseBackend("proxy", arg);
        servers.push({ entry: e as NginxEntry<NginxDirective>, arg, host: b.host, port: b.unix ? null : b.port, unix: b.unix });
      }
      this.upstreams.set(entry.node.args[0].value, { name: entry.node.args[0].value, scope, block: entry.node, servers });
    }
  }

  /** The virtual servers and their locations. */
  private findServersAndLocations(blockEntries: NginxEntry<NginxBlock>[], blockScopes: Scope[]) {
    // Virtual servers and their locations. What each scope sits in, from its parent's (scopes come
    // parents first): one step per scope, where a walk up per location would be quadratic in the nesting.
    const serverOf = this.serverOfScope;
    const locationOf = this.locationOfScope;
    const httpOrUnknown = new Map<Scope | null, boolean>([[null, true]]);
    const nearestLocOrServer = new Map<Scope | null, Scope | null>([[null, null]]);
    const nearestServer = new Map<Scope | null, Scope | null>([[null, null]]);
    const inside = (scope: Scope) => {
      // Each of these says it of a scope and everything inside it (the scope itself included).
      const p = scope.parent;
      const stop = scope.kind === "stream" || scope.kind === "mail" || scope.kind === "other";
      httpOrUnknown.set(scope, stop ? false : scope.kind === "http" ? true : (httpOrUnknown.get(p) as boolean));
      nearestLocOrServer.set(scope, scope.kind === "location" || scope.kind === "server" ? scope : (nearestLocOrServer.get(p) as Scope | null));
      nearestServer.set(scope, scope.kind === "server" ? scope : (nearestServer.get(p) as Scope | null));
    };
    inside(this.main);
    for (const scope of blockScopes) inside(scope);
    for (let b = 0; b < blockScopes.length; b++) {
      const entry = blockEntries[b];
      const scope = blockScopes[b];
      if (entry.node.incomplete) continue;
      const inHttp = httpOrUnknown.get(scope.parent) as boolean;
      if (scope.kind === "server" && scope.parent && (scope.parent.kind === "http" || scope.parent.kind === "main") && inHttp) {
        const vs = this.virtualServer(scope, entry.node);
        serverOf.set(scope, vs);
        this.servers.push(vs);
      } else if (scope.kind === "location" && inHttp) {
        const outer = nearestLocOrServer.get(scope.parent) as Scope | null;
        const parent = outer && outer.kind === "location" ? (locationOf.get(outer) ?? null) : null;
        const srv = nearestServer.get(scope.parent) as Scope | null;
        const server = srv ? (serverOf.get(srv) ?? null) : null;
        const loc = this.location(scope, entry.node, parent, server);
        locationOf.set(scope, loc);
        this.locations.push(loc);
        server?.locations.push(loc);
      }
    }
  }

  /** The virtual server that this scope is (a `server` block in http), or null. */
  virtualServerIs(scope: Scope): VirtualServer | null {
    return this.serverOfScope.get(scope) ?? null;
  }

  /** The location that this scope is (a `location` block in http), or null. */
  locationIs(scope: Scope): Location | null {
    return this.locationOfScope.get(scope) ?? null;
  }

  private virtualServer(scope: Scope, block: NginxBlock): VirtualServer {
    const listens: VirtualServer["listens"] = [];
    const names: string[] = [];
    let sslOn = false;
    let unknownListen = false;
    for (const e of scope.entries) {
      const d = e.node;
      if (d.kind !== "directive") continue;
      if (d.name === "listen") {
        const address = parseListen(d.args);
        if (address) listens.push({ address, entry: e as NginxEntry<NginxDirective> });
        // `listen {{ port }} ssl`: the address is unknown, the TLS is not.
        else if (d.args[0] && isOpaque(d.args[0].value)) {
          unknownListen = true;
          if (d.args.slice(1).some((a) => a.value === "ssl" || a.value === "quic")) sslOn = true;
        }
      } else if (d.name === "server_name") for (const a of d.args) names.push(a.value);
      else if (d.name === "ssl" && d.args[0]?.value === "on") sslOn = true;
    }
    if (!listens.length && !unknownListen && !this.hasUnresolvedInclude(scope)) {
      listens.push({ address: { host: "*", port: 80, unix: null, defaultServer: false, ssl: false, key: "*:80" }, entry: null });
    }
    let sslDirective = this.directivesIn(scope, "ssl").some((e) => e.node.args[0]?.value === "on");
    for (let s = scope.parent; s && !sslDirective; s = s.parent) sslDirective = this.directivesIn(s, "ssl").some((e) => e.node.args[0]?.value === "on");
    // `ssl on` (nginx before 1.25.1) makes every listen socket of the server speak TLS, as `listen ... ssl` does.
    const tlsListens = sslDirective ? listens.map((l) => ({ ...l, address: { ...l.address, ssl: true } })) : listens;
    return { scope, block, listens: tlsListens, names, tls: sslOn || sslDirective || listens.some((l) => l.address.ssl), locations: [] };
  }

  private location(scope: Scope, block: NginxBlock, parent: Location | null, server: VirtualServer | null): Location {
    let modifier: LocationModifier = "";
    let pathArg: ArgNode | null = block.args[0] ?? null;
    const first = block.args[0]?.value ?? "";
    if (LOCATION_MODIFIERS.has(first) && block.args.length > 1) {
      modifier = first as LocationModifier;
      pathArg = block.args[1];
    } else if (first.startsWith("@")) modifier = "@";
    else if (/^(=|~\*|~|\^~)./.test(first) && block.args.length === 1) {
      // `location =/x`, `location ~\.php$`: the modifier glued to the path
      const m = /^(=|~\*|~|\^~)/.exec(first) as RegExpExecArray;
      modifier = m[1] as LocationModifier;
    }
    const raw = pathArg?.value ?? "";
    const path = modifier !== "" && pathArg === block.args[0] && modifier !== "@" ? raw.slice(modifier.length) : raw;
    return { scope, block, modifier, path, pathArg, server, parent, handler: this.handlerOf(scope) };
  }

  /** Where a location (or an `if` in it) sends requests: the pass, return or content directive directly in it, else static files. */
  private handlerOf(scope: Scope): Handler {
    for (const e of scope.entries) {
      if (e.node.kind !== "directive") continue;
      const kind = PASS.get(e.node.name);
      if (kind && e.node.args[0]) return { kind, entry: e as NginxEntry<NginxDirective>, backend: parseBackend(kind, e.node.args[0]) };
    }
    // a pass inside `if` / `limit_except` still makes the location a proxy location
    for (const child of scope.children) {
      if (child.kind !== "if" && child.kind !== "limit_except") continue;
      const h = this.handlerOf(child);
      if (h.kind !== "static" && h.kind !== "return") return h;
    }
    for (const e of scope.entries) {
      if (e.node.kind === "directive" && e.node.name === "return") return { kind: "return", entry: e as NginxEntry<NginxDirective> };
      if (OTHER_CONTENT.test(e.node.name)) return { kind: "other", entry: e };
    }
    return { kind: "static" };
  }

  /** The upstream group a backend names, if any. */
  upstreamOf(b: Backend): Upstream | null {
    if (!b.host || b.variable) return null;
    const explicitPort = /:\d+(\/|$)/.test(b.arg.value.replace(/^[a-z]+:\/\//i, ""));
    if (explicitPort) return null;
    return this.upstreams.get(b.host) ?? this.upstreams.get(b.arg.value.replace(/^[a-z]+:\/\//i, "").split("/")[0]) ?? null;
  }

  /**
   * The concrete addresses a backend reaches: its own host:port, or the
   * servers of the upstream group it names. Empty when unknown (variables).
   */
  addressesOf(b: Backend): { host: string | null; port: number | null; unix: string | null; arg: ArgNode }[] {
    if (b.variable) return this.targetsOf(b).flatMap((t) => this.addressesOf(t));
    const up = this.upstreamOf(b);
    // A template placeholder that names no upstream of the template: any host.
    if (!up && b.host !== null && isOpaque(b.host)) return [];
    if (up) return up.servers.map((s) => ({ host: s.host, port: s.port ?? (s.unix ? null : 80), unix: s.unix, arg: s.arg }));
    return [{ host: b.host, port: b.port, unix: b.unix, arg: b.arg }];
  }

  /**
   * The literal targets a pass directive may reach: the backend itself; a
   * variable target with each variable put in from one literal `set`
   * (setTarget); or, for variables the one `map` that makes them gives only
   * literal values (`map $host $backend { default app; ~^admin\. admin; }`
   * then `proxy_pass http://$backend;`), the target with each value put in
   * (the map's own default when it has none is the empty string: a request
   * nginx cannot pass, so no target). Empty when any value is unknown.
   */
  targetsOf(b: Backend): readonly Backend[] {
    if (!b.variable) return [b];
    let t = this.variableTargets.get(b);
    if (t === undefined) this.variableTargets.set(b, (t = this.findVariableTargets(b)));
    return t;
  }

  private readonly variableTargets = new WeakMap<Backend, readonly Backend[]>();

  private findVariableTargets(b: Backend): readonly Backend[] {
    const set = this.setTarget(b);
    if (set) return [set];
    let values = [b.arg.value];
    for (const name of variableNames(b.arg.value)) {
      const mapped = this.literalMapValues(`$${name}`);
      if (!mapped) return NO_TARGETS;
      values = values.flatMap((v) => mapped.map((m) => putIn(v, name, m)));
      if (values.length > MAX_MAPPED_TARGETS) return NO_TARGETS;
    }
    const out: Backend[] = [];
    for (const value of new Set(values)) {
      const t = parseBackend(b.kind, withValue(b.arg, value));
      if (t.variable || !t.host) return NO_TARGETS;
      out.push(t);
    }
    return out;
  }

  /**
   * For a target a `map` of the request's host picks (`map $host $app {
   * hostnames; shop.example.com shop_app; .blog.example.com blog_app; }` then
   * `proxy_pass http://$app;`): the targets a request for `host` reaches, as
   * nginx's map chooses (an exact key, then with `hostnames` the longest
   * `.name`/`*.name` wildcard, then `name.*`; else `default`, whose absence
   * is the empty string: no target). Empty too when a regex key may match
   * the name (the linter does not run it: which target is unknown). Null when
   * the target is not picked by the host.
   */
  targetsForHost(b: Backend, host: string): readonly Backend[] | null {
    if (!b.variable) return null;
    const names = [...variableNames(b.arg.value)];
    if (names.length !== 1 || !this.literalMapValues(`$${names[0]}`)) return null;
    const map = this.mapsDefining(`$${names[0]}`)[0];
    if (!/^\$(host|http_host|server_name)$/.test(map.node.args[0]?.value ?? "")) return null;
    const value = mapValueFor(this.innerScope(map) as Scope, host.toLowerCase());
    if (value === null || value === "") return NO_TARGETS;
    const t = parseBackend(b.kind, withValue(b.arg, putIn(b.arg.value, names[0], value)));
    return t.variable || !t.host ? null : [t];
  }

  /** The distinct non-empty values of the one complete `map` that makes a variable no `set` assigns, when all are literal; null otherwise. */
  private literalMapValues(variable: string): string[] | null {
    const maps = this.mapsDefining(variable);
    if (maps.length !== 1 || maps[0].node.incomplete || this.isSetAnywhere(variable)) return null;
    const scope = this.innerScope(maps[0]);
    if (!scope) return null;
    const values = new Set<string>();
    for (const e of scope.entries) {
      if (e.node.kind !== "directive") return null;
      if (e.node.name === "hostnames" || e.node.name === "volatile") continue;
      // An `include` in a map was read into it; what it could not read leaves the values unknown.
      if (e.node.name === "include" || e.node.args.length !== 1) return null;
      const value = e.node.args[0].value;
      if (value.includes("$")) return null;
      if (value !== "") values.add(value);
    }
    return values.size ? [...values] : null;
  }

  /** The scope of a block entry: indexed once per parent scope (an http level holds thousands of blocks, asked about per variable). */
  innerScope(e: NginxEntry<NginxBlock>): Scope | undefined {
    let byBlock = this.childScopes.get(e.scope);
    if (!byBlock) {
      byBlock = new Map();
      // The first scope of a block wins, as a search would find it (a file included twice in one scope).
      for (const c of e.scope.children) if (c.block && !byBlock.has(c.block)) byBlock.set(c.block, c);
      this.childScopes.set(e.scope, byBlock);
    }
    return byBlock.get(e.node);
  }

  private readonly childScopes = new WeakMap<Scope, Map<NginxBlock, Scope>>();

  /**
   * A variable target that one literal `set` per variable gives
   * (`set $app web; proxy_pass http://$app:8000;`, the Docker idiom that makes
   * nginx resolve the name per request): the target with the values put in,
   * when each `set` is in the pass's own block or an enclosing one up to its
   * server, the only `set` of that variable in the server block (one in an
   * `if` may run instead) and no `map` makes the variable; null otherwise.
   */
  setTarget(b: Backend): Backend | null {
    if (!b.variable) return b;
    let t = this.setTargets.get(b);
    if (t === undefined) this.setTargets.set(b, (t = this.findSetTarget(b)));
    return t;
  }

  private readonly setTargets = new WeakMap<Backend, Backend | null>();

  /** The pass directive of each argument, the `set`s of each server block by variable, the variables `map`s make: built on the first variable target. */
  private variableIndex?: {
    passOf: Map<ArgNode, NginxEntry<NginxDirective>>;
    sets: Map<Scope, Map<string, NginxEntry<NginxDirective>[]>>;
    mapped: Set<string>;
  };

  private serverOf(scope: Scope): Scope | undefined {
    return this.chain(scope).find((s) => s.kind === "server");
  }

  private indexVariables(): NonNullable<NginxServer["variableIndex"]> {
    const sets = new Map<Scope, Map<string, NginxEntry<NginxDirective>[]>>();
    for (const e of this.directives("set")) {
      const vs = this.serverOf(e.scope);
      if (!vs) continue;
      const byName = sets.get(vs) ?? sets.set(vs, new Map()).get(vs)!;
      const name = e.node.args[0]?.value ?? "";
      (byName.get(name) ?? byName.set(name, []).get(name)!).push(e);
    }
    return {
      passOf: new Map([...PASS.keys()].flatMap((n) => this.directives(n)).flatMap((e) => (e.node.args[0] ? [[e.node.args[0], e] as const] : []))),
      sets,
      mapped: new Set([...this.blocks("map"), ...this.blocks("split_clients")].map((m) => m.node.args[1]?.value ?? "")),
    };
  }

  private findSetTarget(b: Backend): Backend | null {
    const index = (this.variableIndex ??= this.indexVariables());
    const pass = index.passOf.get(b.arg);
    if (!pass) return null;
    const chain = this.chain(pass.scope);
    const vs = this.serverOf(pass.scope);
    if (!vs) return null;
    let value = b.arg.value;
    for (const name of variableNames(value)) {
      if (index.mapped.has(`$${name}`)) return null;
      const sets = index.sets.get(vs)?.get(`$${name}`) ?? [];
      const literal = sets.length === 1 && chain.includes(sets[0].scope) ? sets[0].node.args[1]?.value : undefined;
      if (literal === undefined || literal.includes("$")) return null;
      value = putIn(value, name, literal);
    }
    const t = parseBackend(b.kind, withValue(b.arg, value));
    return t.variable ? null : t;
  }

  /**
   * Whether a backend is an application server on this machine or a private
   * network (loopback, a unix socket, an upstream group of such, a private
   * address or a bare container name), as opposed to an outside site.
   */
  isAppBackend(b: Backend): boolean {
    if (b.scheme === "https" || b.scheme === "grpcs") return false;
    if (b.variable) {
      const targets = this.targetsOf(b);
      if (targets.length) return targets.every((t) => this.isAppBackend(t));
      // `http://127.0.0.1:{{ app_port }}`: a template decides the port, not the host.
      const host = templatedPortHost(b.arg.value);
      return host !== null && isLocalHost(host);
    }
    const addrs = this.addressesOf(b);
    if (!addrs.length) return false;
    return addrs.every((a) => a.unix !== null || isLocalHost(a.host ?? templatedPortHost(a.arg.value)));
  }

  /**
   * Where a server sends each request prefix: its locations in nginx's match
   * terms (`= /x`, `^~ /static/`, `~* \.php$`, `/`), each with the kind of
   * handler (proxy, uwsgi, fastcgi, scgi, grpc, return, static, other) and the
   * backend's address when it passes requests on.
   */
  mounts(vs: VirtualServer): { match: string; to: Handler["kind"]; backend: string | null; location: Location }[] {
    return vs.locations.map((l) => ({
      match: l.modifier && l.modifier !== "@" ? `${l.modifier} ${l.path}` : l.path,
      to: l.handler.kind,
      backend: "backend" in l.handler ? l.handler.backend.arg.value : null,
      location: l,
    }));
  }

  private named(name: string): readonly NginxEntry[] {
    // One pass over the entries for every name, on the first question: rules ask for some fifty names.
    if (!this.byName.size) {
      for (const e of this.entries) {
        const list = this.byName.get(e.node.name);
        if (list) list.push(e);
        else this.byName.set(e.node.name, [e]);
      }
    }
    return this.byName.get(name) ?? NONE;
  }

  /** Directives named `name` anywhere, in read order. */
  directives(name: string): NginxEntry<NginxDirective>[] {
    return this.named(name).filter((e): e is NginxEntry<NginxDirective> => e.node.kind === "directive");
  }

  /** Blocks named `name` anywhere, in read order. */
  blocks(name: string): NginxEntry<NginxBlock>[] {
    return this.named(name).filter((e): e is NginxEntry<NginxBlock> => e.node.kind === "block");
  }

  private variableDefinitions: { maps: Map<string, NginxEntry<NginxBlock>[]>; set: Set<string> } | undefined;

  /** The `map` blocks that define a variable (`$name`), in read order: indexed once, as rules ask per location. */
  mapsDefining(variable: string): readonly NginxEntry<NginxBlock>[] {
    return this.definitions().maps.get(variable) ?? NONE_BLOCKS;
  }

  /** Whether a `set` anywhere assigns the variable (`$name`). */
  isSetAnywhere(variable: string): boolean {
    return this.definitions().set.has(variable);
  }

  private definitions(): { maps: Map<string, NginxEntry<NginxBlock>[]>; set: Set<string> } {
    if (this.variableDefinitions) return this.variableDefinitions;
    const defs = { maps: new Map<string, NginxEntry<NginxBlock>[]>(), set: new Set<string>() };
    // `split_clients` makes its variable as `map` does, one value per share of the clients (`5% blue_pool;`).
    for (const b of [...this.blocks("map"), ...this.blocks("split_clients")]) {
      const v = b.node.args[1]?.value;
      if (v === undefined) continue;
      const list = defs.maps.get(v);
      if (list) list.push(b);
      else defs.maps.set(v, [b]);
    }
    for (const e of this.directives("set")) {
      const v = e.node.args[0]?.value;
      if (v !== undefined) defs.set.add(v);
    }
    return (this.variableDefinitions = defs);
  }

  /** Directives directly in a scope (includes spliced), in order. A new array each call. */
  directivesIn(scope: Scope, name?: string): NginxEntry<NginxDirective>[] {
    if (name === undefined || scope.entries.length <= INDEX_FROM) {
      return scope.entries.filter((e): e is NginxEntry<NginxDirective> => e.node.kind === "directive" && (name === undefined || e.node.name === name));
    }
    // Rules ask about the enclosing levels once per location: index a large scope once.
    let index = this.scopeIndex.get(scope);
    if (!index) {
      index = new Map();
      for (const e of scope.entries) {
        if (e.node.kind !== "directive") continue;
        const list = index.get(e.node.name);
        if (list) list.push(e as NginxEntry<NginxDirective>);
        else index.set(e.node.name, [e as NginxEntry<NginxDirective>]);
      }
      this.scopeIndex.set(scope, index);
    }
    return index.get(name)?.slice() ?? [];
  }

  /** Whether an `include` directly in this scope could not be read. */
  hasUnresolvedInclude(scope: Scope): boolean {
    return scope.unresolvedInclude;
  }

  /**
   * The array directive `name` in effect at a scope, as nginx merges it: the
   * nearest level (the scope, then its enclosing scopes) that has any wins
   * whole. `unsure` when a level on the way has an include the linter could
   * not read (it might set some), `level` is the scope that supplies them.
   */
  directivesInEffect(name: string, scope: Scope): { entries: NginxEntry<NginxDirective>[]; level: Scope | null; unsure: boolean } {
    let unsure = false;
    for (let s: Scope | null = scope; s; s = s.parent) {
      const here = this.directivesIn(s, name).filter((e) => !e.node.incomplete);
      // An include at the level that wins may add to its set as well.
      if (s.unresolvedInclude || (s.unreadTlsOptions && name.startsWith("ssl_"))) unsure = true;
      if (here.length) return { entries: here, level: s, unsure };
    }
    return { entries: [], level: null, unsure };
  }

  /** The enclosing scopes of a scope, innermost first, itself included. */
  chain(scope: Scope): Scope[] {
    const out: Scope[] = [];
    for (let s: Scope | null = scope; s; s = s.parent) out.push(s);
    return out;
  }

  /**
   * Whether what the linter cannot see (an include it could not read,
   * statements a template fills in) may apply at a place: in the block that
   * holds it or an enclosing one (nginx inherits from the outer levels). A
   * place outside any block of its file is where the file is included.
   */
  unseenAt(at: Positioned): boolean {
    this.anyUnseen ??= this.main.unresolvedInclude || this.blockScopes.some((s) => s.unresolvedInclude);
    if (!this.anyUnseen) return false;
    this.blocksAt ??= new NestingIndex(
      this.blockScopes.map((s) => {
        const b = s.block as NginxBlock;
        return { file: b.file, start: b.range.start, end: b.range.end, value: s };
      }),
    );
    const scopes = this.blocksAt.innermost(at) ?? this.entries.filter((e) => e.node.file === at.file && e.scope.block?.file !== at.file).map((e) => e.scope);
    if (!scopes.length) scopes.push(this.main);
    return scopes.some((s) => this.chain(s).some((x) => x.unresolvedInclude));
  }

  /** Whether the linter sees the whole server: the tree is a whole nginx configuration (it has an `http` block), so that an absence means something. */
  get complete(): boolean {
    return this.main.children.some((s) => s.kind === "http");
  }
}

/** Inside `http`, or in a fragment whose context is unknown (not inside stream/mail/other). */
function inHttpOrUnknown(scope: Scope): boolean {
  for (let s = scope.parent; s; s = s.parent) {
    if (s.kind === "stream" || s.kind === "mail" || s.kind === "other") return false;
    if (s.kind === "http") return true;
  }
  return true;
}

/** The value a literal map (its scope's entries) gives `host`, as nginx's `map` with or without `hostnames` chooses; null when a regex key may decide. */
function mapValueFor(scope: Scope, host: string): string | null {
  let hostnames = false;
  let fallback = "";
  // nginx's order: the exact name, the longest leading wildcard, the longest trailing one, the first regex, default.
  const wildcard: ({ length: number; value: string } | null)[] = [null, null];
  let regex = false;
  for (const e of scope.entries) {
    if (e.node.kind !== "directive") continue;
    const key = e.node.name.toLowerCase();
    const value = e.node.args[0]?.value ?? "";
    if (key === "hostnames") hostnames = true;
    else if (key === "volatile") continue;
    else if (key === "default") fallback = value;
    else if (key === host) return value;
    else if (key.startsWith("~")) regex = true;
    else if (hostnames && wildcardMatches(key, host)) {
      const k = key.endsWith(".*") ? 1 : 0;
      if (!wildcard[k] || key.length > (wildcard[k] as { length: number }).length) wildcard[k] = { length: key.length, value };
    }
  }
  const best = wildcard[0] ?? wildcard[1];
  if (best) return best.value;
  return regex ? null : fallback;
}

/** `.example.com` (the name and its subdomains), `*.example.com` (subdomains), `www.example.*` (any suffix). */
function wildcardMatches(key: string, host: string): boolean {
  if (key.startsWith(".")) return host === key.slice(1) || host.endsWith(key);
  if (key.startsWith("*.")) return host.endsWith(key.slice(1));
  if (key.endsWith(".*")) return host.startsWith(key.slice(0, -1));
  return false;
}
