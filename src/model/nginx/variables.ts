/**
 * Which nginx variables carry what the client sent, and whether that can
 * hold a newline once nginx has decoded it. The client controls the request
 * line and its headers; nginx decodes `%0A` only into the URI it matches
 * locations against (`$uri`, `$document_uri`, and regex captures of it), so
 * those can hold a line feed, while `$request_uri`, `$args`, `$arg_*`,
 * `$http_*` and `$cookie_*` are raw (a header value or the request line
 * cannot contain a bare LF). Checked on nginx 1.22: `return 301
 * https://$host$uri;` answers `/x%0d%0aSet-Cookie:...` with a second header,
 * `$request_uri` in the same place does not.
 *
 * Derived variables count as what they are made of: a `map` result as the
 * values it can take (a value that is the source variable, or a capture of a
 * regex key matched against it, is the source; constants are not client
 * input), a `set` variable as its value. Numbered captures copied by the
 * rewrite module (`rewrite` replacements, `set`) are URI-escaped when the
 * request URI was (ngx_http_script_copy_capture_code), so they carry no
 * newline there; named captures are plain variables and are not escaped.
 *
 * Also here: the trusted fronts a server declares (`set_real_ip_from`), which
 * tell that clients reach it through a proxy rather than directly.
 */
import type { NginxBlock, NginxDirective, NginxNode } from "../../ast/nginx.js";
import { isLoopback, isPrivateAddress } from "./addresses.js";
import { captureGroups, groupAdmitsNewline, groupIsFixedChoice } from "./regex.js";
import type { NginxEntry, NginxServer, Scope, VirtualServer } from "./server.js";

export interface VariableRef {
  /** The name without `$` and braces (`uri`, `1`, `http_host`). */
  name: string;
  /** 1-9 for `$1`..`$9`, else null. */
  capture: number | null;
  /** Offsets of `$...` in the value. */
  start: number;
  end: number;
}

/** The variables in a value: `$name`, `${name}`, `$1`..`$9` (one digit: `$10` is `$1` then `0`, as nginx reads it). */
export function variablesIn(value: string): VariableRef[] {
  const out: VariableRef[] = [];
  const re = /\$(?:\{([A-Za-z0-9_]+)\}|([1-9])|([A-Za-z_][A-Za-z0-9_]*))/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const name = m[1] ?? m[2] ?? m[3];
    out.push({ name, capture: /^[1-9]$/.test(name) ? Number(name) : null, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

export type InputKind = "uri" | "query" | "header" | "argument" | "cookie";

export interface ClientInput {
  /** The variable as the value writes it (`$uri`, `$1`, `$target`). */
  variable: string;
  /** What of the request it comes from. */
  kind: InputKind;
  /** The request variable it comes from (`$uri`, `$http_x_forwarded_proto`), through maps, sets and captures. */
  source: string;
  /** Whether it can hold a decoded line feed. */
  newline: boolean;
  /** It is (part of) a regex capture of the request. */
  capture: boolean;
  /** A capture that can only be one of a few literal words (`(a|b)`): the client chooses, but only among them. */
  fixed?: boolean;
}

type Input = Omit<ClientInput, "variable">;

/** Request variables nginx fills from the client, by name. */
function builtin(name: string): Input | null {
  const n = name.toLowerCase();
  const src = `$${name}`;
  if (n === "uri" || n === "document_uri" || n === "request_filename" || n === "fastcgi_script_name")
    return { kind: "uri", source: src, newline: true, capture: false };
  if (n === "request_uri") return { kind: "uri", source: src, newline: false, capture: false };
  if (n === "args" || n === "query_string") return { kind: "query", source: src, newline: false, capture: false };
  if (n.startsWith("http_")) return { kind: "header", source: src, newline: false, capture: false };
  if (n.startsWith("arg_")) return { kind: "argument", source: src, newline: false, capture: false };
  if (n.startsWith("cookie_")) return { kind: "cookie", source: src, newline: false, capture: false };
  return null;
}

/** `if (...)`'s condition: the variable, the operator and the operand (quotes and parentheses removed as nginx does). */
export function ifCondition(block: NginxBlock): { variable: string; op: string; operand: string } | null {
  const args = block.args.map((a) => a.value);
  if (!args.length) return null;
  args[0] = args[0].replace(/^\(/, "");
  const last = args.length - 1;
  if (args[last] === ")") args.pop();
  else args[last] = args[last].replace(/\)$/, "");
  if (args.length !== 3 || !args[0].startsWith("$")) return null;
  return { variable: args[0], op: args[1], operand: args[2] };
}

/** A regex evaluated on some subject, whose captures later directives may use. */
interface RegexSource {
  pattern: string;
  /** The subject's classification (null: not client input). */
  subject: Input | null;
}

const REWRITE_PHASE = new Set(["return", "rewrite", "set", "break", "if"]);
const URI_SUBJECT: Input = { kind: "uri", source: "$uri", newline: true, capture: false };

/** A regex key of a `map` and the map's source variable (`$host`), for a named capture the key defines. */
interface MapCapture {
  key: string;
  srcVar: string;
}

export class Variables {
  constructor(private readonly server: NginxServer) {}

  /** The regex keys of `map`s by the names of the capture groups they define, in read order: built once per server. */
  private mapCapturesByName: Map<string, MapCapture[]> | undefined;

  private mapCaptures(name: string): MapCapture[] {
    if (!this.mapCapturesByName) {
      this.mapCapturesByName = new Map();
      for (const m of this.server.blocks("map")) {
        const scope = this.server.innerScope(m);
        const srcVar = m.node.args[0]?.value;
        if (!scope || !srcVar?.startsWith("$")) continue;
        for (const e of scope.entries) {
          if (!e.node.name.startsWith("~")) continue;
          const key = e.node.name.replace(/^~\*?/, "");
          for (const g of new Set(captureGroups(key).map((c) => c.name))) {
            if (g === null) continue;
            const list = this.mapCapturesByName.get(g);
            if (list) list.push({ key, srcVar });
            else this.mapCapturesByName.set(g, [{ key, srcVar }]);
          }
        }
      }
    }
    return this.mapCapturesByName.get(name) ?? [];
  }

  /**
   * The regexes whose captures a directive sees, nearest first: the `if`
   * regex it sits in, the directive itself when it is a `rewrite`, the
   * `rewrite`s before it in its location, the regex locations around it.
   */
  private *regexSources(at: NginxEntry<NginxDirective>): Generator<RegexSource> {
    if (at.node.name === "rewrite" && at.node.args[0]) yield { pattern: at.node.args[0].value, subject: URI_SUBJECT };
    // The rewrite module's own directives run in order; the others run after the whole rewrite phase.
    const inOrder = REWRITE_PHASE.has(at.node.name);
    let child: NginxEntry | null = at;
    for (let s: Scope | null = at.scope; s; s = s.parent) {
      if (s.kind === "if" && s.block) {
        const c = ifCondition(s.block);
        if (c && /^~\*?$/.test(c.op)) yield { pattern: c.operand, subject: this.classify(c.variable.slice(1), null, new Set()) };
      }
      // rewrites before this point in the scope (read order), nearest first
      const rewrites = this.server.directivesIn(s, "rewrite");
      for (let i = rewrites.length - 1; i >= 0; i--) {
        const r = rewrites[i];
        if (r === at || (inOrder && child && r.order > child.order) || !r.node.args[0]) continue;
        yield { pattern: r.node.args[0].value, subject: URI_SUBJECT };
      }
      if (s.kind === "location" && s.block) {
        const first = s.block.args[0]?.value ?? "";
        const mod = /^(~\*?)$/.test(first) ? first : /^~\*?/.exec(first)?.[0];
        if (mod) yield { pattern: s.block.args.length > 1 ? (s.block.args[1]?.value ?? "") : first.slice(mod.length), subject: URI_SUBJECT };
      }
      child = this.entryOf(s);
    }
  }

  private blockEntries = new Map<Scope, Map<NginxNode, NginxEntry>>();

  /** The entry of a block scope in its parent (its read order): the parent's blocks indexed once (an http level holds thousands). */
  private entryOf(s: Scope): NginxEntry | null {
    if (!s.parent || !s.block) return null;
    let byNode = this.blockEntries.get(s.parent);
    if (!byNode) {
      byNode = new Map();
      // The first entry of a node wins, as a search would find it (a file included twice in one scope).
      for (const x of s.parent.entries) if (x.node.kind === "block" && !byNode.has(x.node)) byNode.set(x.node, x);
      this.blockEntries.set(s.parent, byNode);
    }
    return byNode.get(s.block) ?? null;
  }

  /** A capture (`$1`, or a named one) as a directive sees it. */
  private capture(at: NginxEntry<NginxDirective> | null, ref: number | string, seen: Set<string>): Input | null {
    for (const src of at ? this.regexSources(at) : []) {
      const nl = groupAdmitsNewline(src.pattern, ref);
      if (nl === null) continue;
      if (!src.subject) return null;
      return {
        kind: src.subject.kind,
        source: src.subject.source,
        newline: nl && src.subject.newline,
        capture: true,
        fixed: groupIsFixedChoice(src.pattern, ref),
      };
    }
    // A named capture may come from a map's regex key, evaluated whenever the map's variable is.
    if (typeof ref === "string") {
      for (const { key, srcVar } of this.mapCaptures(ref)) {
        const nl = groupAdmitsNewline(key, ref);
        if (nl === null) continue;
        const subject = this.classify(srcVar.slice(1), null, seen);
        if (!subject) return null;
        return { kind: subject.kind, source: subject.source, newline: nl && subject.newline, capture: true, fixed: groupIsFixedChoice(key, ref) };
      }
    }
    return null;
  }

  /** What a variable (by name, without `$`) carries of the request at a directive, or null when nothing the client sends. */
  classify(name: string, at: NginxEntry<NginxDirective> | null, seen: Set<string>): Input | null {
    if (/^[1-9]$/.test(name)) return this.capture(at, Number(name), seen);
    const b = builtin(name);
    if (b) return b;
    if (seen.has(name)) return null;
    seen.add(name);
    try {
      return this.fromMap(name, seen) ?? this.fromSet(name, at, seen) ?? this.capture(at, name, seen);
    } finally {
      seen.delete(name);
    }
  }

  /** A `map $src $name` result: client input when one of its values is (or captures) client input. */
  private fromMap(name: string, seen: Set<string>): Input | null {
    for (const m of this.server.mapsDefining(`$${name}`)) {
      if (m.node.incomplete) continue;
      const scope = this.server.innerScope(m);
      const srcVar = m.node.args[0]?.value ?? "";
      if (!scope) continue;
      const subject = srcVar.startsWith("$") ? this.classify(srcVar.slice(1), null, seen) : null;
      let found: Input | null = null;
      for (const e of scope.entries) {
        if (e.node.kind !== "directive" || e.node.name === "hostnames" || e.node.name === "volatile" || e.node.name === "include") continue;
        const value = e.node.args[0]?.value ?? "";
        const key = e.node.name.startsWith("~") ? e.node.name.replace(/^~\*?/, "") : null;
        for (const v of variablesIn(value)) {
          let input: Input | null;
          if (key && (v.capture !== null || groupAdmitsNewline(key, v.name) !== null)) {
            const nl = groupAdmitsNewline(key, v.capture ?? v.name);
            input = subject && nl !== null ? { ...subject, newline: nl && subject.newline, capture: true } : null;
          } else input = this.classify(v.name, null, seen);
          if (input && (!found || (input.newline && !found.newline))) found = input;
        }
      }
      return found;
    }
    return null;
  }

  /** A `set $name value` visible at the directive (in its scope, the scopes around it, and `if` blocks in those). */
  private fromSet(name: string, at: NginxEntry<NginxDirective> | null, seen: Set<string>): Input | null {
    const scopes: Scope[] = [];
    for (let s: Scope | null = at?.scope ?? null; s; s = s.parent) scopes.push(s, ...ifChildren(s));
    let found: Input | null = null;
    for (const s of scopes) {
      for (const e of this.server.directivesIn(s, "set")) {
        if (e.node.args[0]?.value !== `$${name}` || !e.node.args[1]) continue;
        for (const v of variablesIn(e.node.args[1].value)) {
          const input = this.classify(v.name, e, seen);
          // the rewrite module copies numbered captures URI-escaped
          const escaped = input && v.capture !== null ? { ...input, newline: false } : input;
          if (escaped && (!found || (escaped.newline && !found.newline))) found = escaped;
        }
      }
    }
    return found;
  }

  /**
   * A value with a leading `set` variable replaced by what it was set to
   * (`set $u "http://$1/x"; proxy_pass $u;`), so that where each part lands
   * (host or path) shows; the `set` becomes the context of what it holds.
   */
  expandLeadingSet(at: NginxEntry<NginxDirective>, value: string): { value: string; at: NginxEntry<NginxDirective> } {
    let cur = { value, at };
    for (let depth = 0; depth < 5; depth++) {
      const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/.exec(cur.value);
      if (!m || builtin(m[1])) return cur;
      const sets: NginxEntry<NginxDirective>[] = [];
      for (let s: Scope | null = cur.at.scope; s && !sets.length; s = s.parent)
        sets.push(...this.server.directivesIn(s, "set").filter((e) => e.node.args[0]?.value === `$${m[1]}` && e.node.args[1]));
      // One definition in the nearest scope that has any: otherwise which one applies depends on the request.
      if (sets.length !== 1) return cur;
      cur = { value: sets[0].node.args[1].value + cur.value.slice(m[0].length), at: sets[0] };
    }
    return cur;
  }

  /** Each variable of a directive's argument that carries client input, as the directive sees it. */
  inputsIn(at: NginxEntry<NginxDirective>, value: string): ClientInput[] {
    const out: ClientInput[] = [];
    const escapesCaptures = at.node.name === "rewrite" || at.node.name === "set";
    for (const v of variablesIn(value)) {
      const input = this.classify(v.name, at, new Set());
      if (!input) continue;
      const newline = escapesCaptures && v.capture !== null ? false : input.newline;
      out.push({ ...input, newline, variable: value.slice(v.start, v.end) });
    }
    return out;
  }
}

const cache = new WeakMap<NginxServer, Variables>();

/** The variable model of a server (built once). */
export function variables(server: NginxServer): Variables {
  let v = cache.get(server);
  if (!v) cache.set(server, (v = new Variables(server)));
  return v;
}

/** The `set_real_ip_from` addresses in effect at a scope: the trusted proxies whose forwarded headers nginx believes. */
export function trustedFronts(server: NginxServer, scope: Scope): NginxEntry<NginxDirective>[] {
  return server.directivesInEffect("set_real_ip_from", scope).entries;
}

/**
 * Whether clients reach a virtual server directly, or only through a proxy
 * in front: it declares trusted fronts (`set_real_ip_from`), accepts the
 * PROXY protocol on every address, or listens only on loopback, private
 * addresses or unix sockets. Null when its addresses are unknown.
 */
export function reachedDirectly(server: NginxServer, vs: VirtualServer): { direct: boolean; why: string } | null {
  if (trustedFronts(server, vs.scope).length) return { direct: false, why: "set_real_ip_from" };
  if (!vs.listens.length) return null;
  const behind = vs.listens.every((l) => {
    const flags = l.entry?.node.args.slice(1).map((a) => a.value) ?? [];
    if (flags.includes("proxy_protocol")) return true;
    const a = l.address;
    return a.unix !== null || isLoopback(a.host) || isPrivateAddress(a.host);
  });
  return behind ? { direct: false, why: "its listen addresses" } : { direct: true, why: "" };
}

const ifsOf = new WeakMap<Scope, Scope[]>();

/** A scope's `if` blocks, found once: the http level's children are every server, and `set` lookups climb to it per variable. */
function ifChildren(s: Scope): Scope[] {
  let hit = ifsOf.get(s);
  if (!hit) ifsOf.set(s, (hit = s.children.filter((c) => c.kind === "if")));
  return hit;
}
