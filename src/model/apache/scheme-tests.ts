/**
 * Request-time tests that httpd decides by the connection's scheme alone, and
 * that the linter can therefore decide host by host: `<If "%{HTTPS} == 'on'">`
 * with its `<ElseIf>`/`<Else>`, `%{REQUEST_SCHEME} == 'https'`, and mod_headers'
 * `env=HTTPS` and `expr=...` conditions. mod_ssl's HTTPS is "on" on a virtual
 * host that terminates TLS and "off" on any other (checked on httpd 2.4.62: on a
 * plain host, `RequestHeader set X-Forwarded-Proto https env=HTTPS` and
 * `"expr=%{HTTPS} == 'on'"` never apply, and a client's own header reaches the
 * backend; on the TLS host both replace it). Anything else in a test is unknown.
 */
import type { ApacheNode, ApacheSection } from "../../ast/apache.js";
import type { Tri } from "../../core/tri.js";
import type { ApacheServer } from "./server.js";
import { tlsHost } from "./tls.js";

const not = (t: Tri): Tri => (t === "yes" ? "no" : t === "no" ? "yes" : "unknown");

/** An ap_expr comparing the scheme with a literal, under the host's TLS state. */
export function schemeExpr(expr: string, tls: Tri): Tri {
  const m = /^\s*%\{(HTTPS|REQUEST_SCHEME)\}\s*(==|=|!=)\s*(['"])(\w+)\3\s*$/i.exec(expr);
  if (!m) return "unknown";
  const [, variable, op, , literal] = m;
  const secure = variable.toUpperCase() === "HTTPS" ? { on: true, off: false }[literal] : { https: true, http: false }[literal.toLowerCase()];
  if (secure === undefined) return variable.toUpperCase() === "HTTPS" ? (op === "!=" ? "yes" : "no") : "unknown";
  const equal = secure ? tls : not(tls);
  return op === "!=" ? not(equal) : equal;
}

/** mod_headers' trailing condition (`env=[!]HTTPS`, `expr=...`) under the host's TLS state. */
export function headerCondition(condition: string, tls: Tri): Tri {
  const env = /^env=(!?)(\S+)$/i.exec(condition);
  if (env) return env[2] === "HTTPS" ? (env[1] ? not(tls) : tls) : "unknown";
  if (/^expr=/i.test(condition)) return schemeExpr(condition.slice(5), tls);
  return "unknown";
}

const tlsMemo = new WeakMap<ApacheServer, Map<ApacheSection | null, Tri>>();

/** The host's TLS state, once per server and host. */
export function tlsOf(server: ApacheServer, vhost: ApacheSection | null): Tri {
  let byHost = tlsMemo.get(server);
  if (!byHost) tlsMemo.set(server, (byHost = new Map()));
  let t = byHost.get(vhost);
  if (t === undefined) byHost.set(vhost, (t = tlsHost(server, vhost)));
  return t;
}

const BRANCHES = new Set(["if", "elseif", "else"]);

/**
 * Whether an `<If>`, `<ElseIf>` or `<Else>` section is the branch taken for requests to a host with this TLS
 * state: its own test holds and (for the latter two) every earlier branch of its chain fails.
 */
export function branchTaken(server: ApacheServer, s: ApacheSection, tls: Tri): Tri {
  let byTls = branchMemo.get(s);
  if (!byTls) branchMemo.set(s, (byTls = new Map()));
  let t = byTls.get(tls);
  if (t === undefined) byTls.set(tls, (t = decideBranch(server, s, tls)));
  return t;
}

// Per section and TLS state (every directive inside a branch asks), and each sibling list's positions once: a host
// with thousands of <If> sections must not pay a scan of its children per section.
const branchMemo = new WeakMap<ApacheSection, Map<Tri, Tri>>();
const positions = new WeakMap<ApacheNode[], Map<ApacheNode, number>>();

function positionIn(siblings: ApacheNode[], s: ApacheSection): number {
  let m = positions.get(siblings);
  if (!m) positions.set(siblings, (m = new Map(siblings.map((n, i) => [n, i]))));
  return m.get(s) ?? -1;
}

function decideBranch(server: ApacheServer, s: ApacheSection, tls: Tri): Tri {
  const own: Tri = s.key === "else" ? "yes" : schemeExpr(s.args.map((a) => a.value).join(" "), tls);
  if (s.key === "if" || own === "no") return own;
  const siblings: ApacheNode[] | undefined = s.parent ? s.parent.children : server.tree.files.get(s.file)?.ast.children;
  const at = siblings ? positionIn(siblings, s) : -1;
  if (!siblings || at < 0) return "unknown";
  let earlier: Tri = "no";
  for (let i = at - 1; i >= 0; i--) {
    const b = siblings[i];
    if (b.kind !== "section" || !BRANCHES.has(b.key) || b.key === "else") return "unknown";
    const t = schemeExpr(b.args.map((a) => a.value).join(" "), tls);
    if (t === "yes") return "no";
    if (t === "unknown") earlier = "unknown";
    if (b.key === "if") return earlier === "no" ? own : "unknown";
  }
  return "unknown";
}
