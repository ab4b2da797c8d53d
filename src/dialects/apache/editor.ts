/**
 * Apache httpd in the editor: the outline (sections, virtual hosts named by
 * their ServerName), the names mod_wsgi daemon groups define and use, and
 * completion from the directive catalog.
 */
import path from "node:path";
import type { ApacheDirective, ApacheFileAst, ApacheNode, ApacheSection } from "../../ast/apache.js";
import { apacheNamesIn, type ApacheContext } from "../../catalog/apache.js";
import type { Range } from "../../core/range.js";
import { catalogCandidates, lineBefore, subRange, valueCandidates, within } from "../editor-text.js";
import type { EditorCompletion, EditorName, EditorNode, OutlineKind } from "../plugin.js";
import { own } from "../../core/own.js";

const KIND: Record<string, OutlineKind> = {
  virtualhost: "server",
  directory: "location",
  directorymatch: "location",
  location: "location",
  locationmatch: "location",
  files: "location",
  filesmatch: "location",
  proxy: "location",
  proxymatch: "location",
  ifmodule: "condition",
  ifdefine: "condition",
  ifversion: "condition",
  if: "condition",
  elseif: "condition",
  else: "condition",
  ifdirective: "condition",
  iffile: "condition",
  ifsection: "condition",
  macro: "block",
};
/** Sections httpd reads as a directory context. */
const DIRECTORY_LIKE = new Set([
  "directory",
  "directorymatch",
  "location",
  "locationmatch",
  "files",
  "filesmatch",
  "if",
  "elseif",
  "else",
  "proxy",
  "proxymatch",
]);

/** Values of directives that take one of a few words (the manual's syntax lines). */
const VALUES: Record<string, readonly string[]> = {
  pythondebug: ["On", "Off"],
  wsgipassauthorization: ["On", "Off"],
  proxypreservehost: ["On", "Off"],
  proxyrequests: ["On", "Off"],
  rewriteengine: ["On", "Off"],
  sslengine: ["on", "off", "optional"],
  keepalive: ["On", "Off"],
  hostnamelookups: ["On", "Off", "Double"],
  serversignature: ["On", "Off", "EMail"],
  servertokens: ["Full", "OS", "Minimal", "Minor", "Major", "Prod"],
  usecanonicalname: ["On", "Off", "DNS"],
  xsendfile: ["On", "Off"],
  traceenable: ["On", "Off", "extended"],
  allowencodedslashes: ["On", "Off", "NoDecode"],
  sslproxyengine: ["on", "off"],
  wsgirestrictembedded: ["On", "Off"],
  wsgiapplicationgroup: ["%{GLOBAL}", "%{SERVER}", "%{RESOURCE}"],
  allowoverride: ["None", "All", "AuthConfig", "FileInfo", "Indexes", "Limit", "Options"],
};

const serverName = (s: ApacheSection) => {
  const d = s.children.find((c) => c.kind === "directive" && c.key === "servername");
  return d?.args[0]?.value;
};

/** The `process-group=NAME` options of a WSGIScriptAlias or WSGIImportScript. */
function processGroupOptions(d: ApacheDirective): EditorName[] {
  return d.args.flatMap((a) => {
    const m = /^process-group=(.+)$/i.exec(a.value);
    if (!m || m[1].startsWith("%{")) return [];
    const at = a.raw.indexOf(m[1]);
    return [{ kind: "daemon", name: m[1], range: at >= 0 ? subRange(a, at, at + m[1].length) : a.range }];
  });
}

/** What a directive defines and uses: daemon groups; and the WSGI script it mounts. */
function directiveNames(d: ApacheDirective, vhost: Range | undefined): Partial<EditorNode> {
  const first = d.args[0];
  if (d.key === "wsgidaemonprocess" && first)
    return { defines: [{ kind: "daemon", name: first.value, range: first.range, ...(vhost ? { scope: vhost } : {}) }] };
  if (d.key === "wsgiprocessgroup" && first && !first.value.startsWith("%{")) return { refers: [{ kind: "daemon", name: first.value, range: first.range }] };
  const value = d.args[1];
  if ((d.key === "setenv" || d.key === "pythonoption") && first?.value === "DJANGO_SETTINGS_MODULE" && value)
    return { refers: [{ kind: "settings-module", name: value.value, range: value.range }] };
  if (d.key === "wsgiscriptalias" || d.key === "wsgiimportscript") {
    const script = d.key === "wsgiscriptalias" ? d.args[1] : d.args[0];
    return { refers: processGroupOptions(d), ...(script ? { files: [{ path: script.value, range: script.range }] } : {}) };
  }
  return {};
}

function node(n: ApacheNode, vhost: Range | undefined): EditorNode {
  const args = n.args.map((a) => a.range);
  if (n.kind === "directive")
    return { name: [n.name, ...n.args.map((a) => a.raw)].join(" "), range: n.range, head: n.nameRange, args, children: [], ...directiveNames(n, vhost) };
  const name = `<${[n.name, ...n.args.map((a) => a.raw)].join(" ")}>`;
  const detail = n.key === "virtualhost" ? serverName(n) : undefined;
  const inner = n.key === "virtualhost" ? n.range : vhost;
  return {
    name,
    ...(detail ? { detail } : {}),
    kind: own(KIND, n.key) ?? "section",
    range: n.range,
    head: n.openRange,
    close: n.closeRange,
    args,
    children: n.children.map((c) => node(c, inner)),
  };
}

/** The sections around an offset, outermost first (only those whose opening tag ends before it). */
function enclosing(ast: ApacheFileAst, offset: number): ApacheSection[] {
  const out: ApacheSection[] = [];
  let nodes = ast.children;
  for (;;) {
    const s = nodes.find((c): c is ApacheSection => c.kind === "section" && offset >= c.openRange.end && (within(c.range, offset) || !c.closeRange));
    if (!s) return out;
    out.push(s);
    nodes = s.children;
  }
}

function contextAt(ast: ApacheFileAst, offset: number): ApacheContext {
  const around = enclosing(ast, offset);
  if (around.some((s) => DIRECTORY_LIKE.has(s.key))) return "directory";
  if (around.some((s) => s.key === "virtualhost")) return "virtual host";
  return path.basename(ast.file) === ".htaccess" ? ".htaccess" : "server config";
}

function complete(astIn: unknown, text: string, offset: number): EditorCompletion | null {
  const ast = astIn as ApacheFileAst;
  const before = lineBefore(text, offset);
  if (/^\s*#/.test(before)) return null;
  const section = /^\s*<\/?(\w*)$/.exec(before);
  if (section)
    return {
      from: offset - section[1].length,
      to: offset,
      items: catalogCandidates(
        apacheNamesIn(contextAt(ast, offset)).filter((n) => n.block),
        "section",
      ),
    };
  const word = /^\s*([A-Za-z_]\w*)?$/.exec(before);
  if (word)
    return {
      from: offset - (word[1] ?? "").length,
      to: offset,
      items: catalogCandidates(
        apacheNamesIn(contextAt(ast, offset)).filter((n) => !n.block),
        "directive",
      ),
    };
  const m = /^\s*([A-Za-z_]\w*)\s+(.*)$/.exec(before);
  if (!m) return null;
  const key = m[1].toLowerCase();
  const typed = /(\S*)$/.exec(m[2])?.[1] ?? "";
  const argIndex = m[2].trim() ? m[2].trimEnd().split(/\s+/).length - (typed ? 1 : 0) : 0;
  const group = /^process-group=(\S*)$/i.exec(typed);
  if (group && (key === "wsgiscriptalias" || key === "wsgiimportscript")) return { from: offset - group[1].length, to: offset, items: [], names: "daemon" };
  if (key === "wsgiprocessgroup" && argIndex === 0)
    return { from: offset - typed.length, to: offset, items: valueCandidates(["%{GLOBAL}"], "the main interpreter, in embedded mode"), names: "daemon" };
  const values = own(VALUES, key);
  return values && argIndex === 0 ? { from: offset - typed.length, to: offset, items: valueCandidates(values) } : null;
}

export const apacheEditor = { nodes: (ast: unknown): EditorNode[] => (ast as ApacheFileAst).children.map((c) => node(c, undefined)), complete };
