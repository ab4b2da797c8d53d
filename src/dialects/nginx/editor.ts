/**
 * nginx in the editor: the outline (blocks, servers named by server_name),
 * the names upstreams and named locations define and the directives that use
 * them, and completion from the directive catalog, with nginx variables.
 */
import path from "node:path";
import type { NginxBlock, NginxDirective, NginxFileAst, NginxNode } from "../../ast/nginx.js";
import { nginxBlockContext, nginxNamesIn } from "../../catalog/nginx.js";
import { catalogCandidates, lineBefore, subRange, valueCandidates, within } from "../editor-text.js";
import type { EditorCandidate, EditorCompletion, EditorName, EditorNode, OutlineKind } from "../plugin.js";
import { own } from "../../core/own.js";

const KIND: Record<string, OutlineKind> = {
  server: "server",
  location: "location",
  upstream: "upstream",
  map: "map",
  geo: "map",
  split_clients: "map",
  if: "condition",
  limit_except: "condition",
};
/** Directives whose address may name an upstream (`proxy_pass http://django`, `uwsgi_pass django`). */
const PASS = new Set(["proxy_pass", "uwsgi_pass", "fastcgi_pass", "scgi_pass", "grpc_pass", "memcached_pass"]);
/** Directives whose last argument may be a named location (`try_files $uri @django`). */
const LAST_IS_LOCATION = new Set(["try_files", "error_page"]);

const FLAG = ["on", "off"] as const;
/** Values of directives that take one of a few words (nginx.org's syntax lines). */
const VALUES: Record<string, readonly string[]> = {
  proxy_http_version: ["1.0", "1.1"],
  ...Object.fromEntries(
    [
      "sendfile",
      "tcp_nopush",
      "tcp_nodelay",
      "gzip",
      "gzip_static",
      "server_tokens",
      "absolute_redirect",
      "port_in_redirect",
      "autoindex",
      "proxy_buffering",
      "proxy_request_buffering",
      "proxy_intercept_errors",
      "uwsgi_buffering",
      "uwsgi_intercept_errors",
      "ssl_prefer_server_ciphers",
      "ssl_session_tickets",
      "ssl_stapling",
      "ssl_stapling_verify",
      "http2",
      "log_not_found",
      "merge_slashes",
      "underscores_in_headers",
      "ignore_invalid_headers",
      "etag",
      "proxy_ssl_verify",
      "proxy_ssl_server_name",
    ].map((n) => [n, FLAG]),
  ),
  proxy_redirect: ["off", "default"],
  access_log: ["off"],
  ssl_protocols: ["TLSv1.2", "TLSv1.3"],
  client_body_in_file_only: ["on", "clean", "off"],
};

/** Variables of the core and the common http modules (nginx.org's variable index); a file's own `set` and `map` add theirs. */
const VARIABLES = [
  "$args",
  "$arg_",
  "$binary_remote_addr",
  "$body_bytes_sent",
  "$bytes_sent",
  "$connection",
  "$content_length",
  "$content_type",
  "$cookie_",
  "$document_root",
  "$document_uri",
  "$host",
  "$hostname",
  "$http_",
  "$http_host",
  "$http_referer",
  "$http_upgrade",
  "$http_user_agent",
  "$http_x_forwarded_for",
  "$http_x_forwarded_proto",
  "$https",
  "$is_args",
  "$limit_rate",
  "$msec",
  "$proxy_add_x_forwarded_for",
  "$proxy_host",
  "$proxy_port",
  "$query_string",
  "$realpath_root",
  "$remote_addr",
  "$remote_port",
  "$remote_user",
  "$request",
  "$request_body",
  "$request_filename",
  "$request_id",
  "$request_method",
  "$request_time",
  "$request_uri",
  "$scheme",
  "$sent_http_",
  "$server_addr",
  "$server_name",
  "$server_port",
  "$server_protocol",
  "$ssl_cipher",
  "$ssl_protocol",
  "$ssl_server_name",
  "$status",
  "$time_iso8601",
  "$time_local",
  "$upstream_addr",
  "$upstream_response_time",
  "$upstream_status",
  "$uri",
];

const serverNames = (b: NginxBlock) => b.children.filter((c) => c.kind === "directive" && c.name === "server_name").flatMap((c) => c.args.map((a) => a.value));
const listens = (b: NginxBlock) => b.children.filter((c) => c.kind === "directive" && c.name === "listen").map((c) => c.args.map((a) => a.value).join(" "));

/** The upstream an address names: `http://django/x` -> django (an address with a variable names none). */
function upstreamRef(d: NginxDirective): EditorName[] {
  const a = d.args[0];
  if (!a || a.value.includes("$")) return [];
  const m = /^(?:[a-z]+:\/\/)?([^/:\s]+)/i.exec(a.value);
  if (!m || m[1].startsWith("unix")) return [];
  const at = a.raw.indexOf(m[1]);
  return [{ kind: "upstream", name: m[1], range: at >= 0 ? subRange(a, at, at + m[1].length) : a.range }];
}

function names(n: NginxNode): Partial<EditorNode> {
  const first = n.args[0];
  if (n.kind === "block" && n.name === "upstream" && first) return { defines: [{ kind: "upstream", name: first.value, range: first.range }] };
  if (n.kind === "block" && n.name === "location" && first?.value.startsWith("@"))
    return { defines: [{ kind: "location", name: first.value, range: first.range }] };
  if (n.kind !== "directive") return {};
  if (PASS.has(n.name)) return { refers: upstreamRef(n) };
  const value = n.args[1];
  if (/_param$/.test(n.name) && first?.value === "DJANGO_SETTINGS_MODULE" && value)
    return { refers: [{ kind: "settings-module", name: value.value, range: value.range }] };
  const last = n.args[n.args.length - 1];
  if (LAST_IS_LOCATION.has(n.name) && last?.value.startsWith("@")) return { refers: [{ kind: "location", name: last.value, range: last.range }] };
  return {};
}

function node(n: NginxNode): EditorNode {
  const args = n.args.map((a) => a.range);
  const text = [n.name, ...n.args.map((a) => a.raw)].join(" ");
  if (n.kind === "directive") return { name: text, range: n.range, head: n.nameRange, args, children: [], ...names(n) };
  const servers = n.name === "server" ? serverNames(n) : [];
  const ports = n.name === "server" ? listens(n) : [];
  return {
    name: servers.length ? `server ${servers.join(" ")}` : text,
    ...(ports.length ? { detail: `listen ${ports.join(", ")}` } : {}),
    kind: own(KIND, n.name) ?? "block",
    range: n.range,
    head: n.openRange,
    close: n.closeRange,
    args,
    children: n.children.map(node),
    ...names(n),
  };
}

/**
 * The catalog context at an offset: a file other than nginx.conf is read as
 * included from `http` (where sites' files are included); null inside a
 * block whose body is data (`map`, `types`).
 */
function contextAt(ast: NginxFileAst, offset: number): string | null {
  let ctx: string | null = path.basename(ast.file) === "nginx.conf" ? "main" : "http";
  let nodes = ast.children;
  for (;;) {
    const b = nodes.find(
      (c): c is NginxBlock => c.kind === "block" && offset >= c.openRange.end && within(c.range, offset) && (!c.closeRange || offset <= c.closeRange.start),
    );
    if (!b) return ctx;
    ctx = ctx && nginxBlockContext(ctx, b.name);
    nodes = b.children;
  }
}

/** Variables the file sets (`set $x`, `map $a $x`), before the built-in ones. */
function ownVariables(ast: NginxFileAst): string[] {
  const out = new Set<string>();
  const walk = (nodes: NginxNode[]) => {
    for (const n of nodes) {
      const v = n.name === "set" ? n.args[0] : n.name === "map" ? n.args[1] : undefined;
      if (v?.value.startsWith("$")) out.add(v.value);
      if (n.kind === "block") walk(n.children);
    }
  };
  walk(ast.children);
  return [...out];
}

function argumentCompletion(ast: NginxFileAst, name: string, typed: string, argIndex: number, offset: number): EditorCompletion | null {
  const from = offset - typed.length;
  if (typed.startsWith("$")) {
    const items: EditorCandidate[] = [
      ...ownVariables(ast).map((label) => ({ label, kind: "variable" as const, detail: "set in this file" })),
      ...VARIABLES.map((label) => ({ label, kind: "variable" as const })),
    ];
    return { from, to: offset, items };
  }
  if (PASS.has(name) && argIndex === 0) {
    const scheme = /^[a-z]+:\/\//i.exec(typed)?.[0] ?? "";
    return { from: from + scheme.length, to: offset, items: [], names: "upstream" };
  }
  if (LAST_IS_LOCATION.has(name) && typed.startsWith("@")) return { from, to: offset, items: [], names: "location" };
  const values = own(VALUES, name);
  return values && argIndex === 0 ? { from, to: offset, items: valueCandidates(values) } : null;
}

function complete(astIn: unknown, text: string, offset: number): EditorCompletion | null {
  const ast = astIn as NginxFileAst;
  if (/#/.test(lineBefore(text, offset))) return null;
  // The statement being typed: from the last `;`, `{` or `}` (or the line start) to the cursor.
  const stmtStart = Math.max(text.lastIndexOf(";", offset - 1), text.lastIndexOf("{", offset - 1), text.lastIndexOf("}", offset - 1)) + 1;
  const stmt = text.slice(stmtStart, offset).replace(/^\s+/, "");
  if (/^[\w]*$/.test(stmt)) {
    const ctx = contextAt(ast, offset);
    if (!ctx) return null;
    const all = nginxNamesIn(ctx);
    return {
      from: offset - stmt.length,
      to: offset,
      items: [
        ...catalogCandidates(
          all.filter((n) => !n.block),
          "directive",
        ),
        ...catalogCandidates(
          all.filter((n) => n.block),
          "section",
        ),
      ],
    };
  }
  const m = /^(\S+)\s+([\s\S]*)$/.exec(stmt);
  if (!m) return null;
  const typed = /(\S*)$/.exec(m[2])?.[1] ?? "";
  const argIndex = m[2].trim() ? m[2].trimEnd().split(/\s+/).length - (typed ? 1 : 0) : 0;
  return argumentCompletion(ast, m[1], typed, argIndex, offset);
}

export const nginxEditor = { nodes: (ast: unknown): EditorNode[] => (ast as NginxFileAst).children.map(node), complete };
