/**
 * A dialect is one registered plugin: a toy INI-like format ("toyconf": `key =
 * value` lines, `#` comments, three known keys, one rule) registered from this
 * test, which no shared file knows, is linted end to end: detection by file
 * name, the loader and model, the directive catalog (unknown-directive with a
 * suggestion), the rule and its fix, suppression comments, the library's
 * `lint`, every formatter, and the language server's code actions and hover.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Comment } from "../src/ast/types.js";
import type { Range } from "../src/core/range.js";
import type { SyntaxProblem } from "../src/core/problems.js";
import type { DialectPlugin } from "../src/dialects/plugin.js";
import { dialectNamed, registerDialect } from "../src/dialects/registry.js";
import { siteBlocks } from "../src/dialects/site-blocks.js";
import { detectDialect } from "../src/discover/dialect.js";
import { allRules } from "../src/engine/registry.js";
import { lintFiles } from "../src/engine/run.js";
import { FORMATTERS } from "../src/formatters/index.js";
import { fileUrl } from "../src/formatters/types.js";
import { lint } from "../src/index.js";
import { DiskFs } from "../src/load/fs-facade.js";
import { PathMap } from "../src/load/path-map.js";
import { fileReader, type ParsedFile, type ServerTree } from "../src/load/tree.js";
import { codeActions, hover, SOURCE, type Published } from "../src/lsp/features.js";
import { defineRule, type Rule } from "../src/rule-api.js";
import { SourceFile } from "../src/source/source-file.js";

interface ToyLine {
  kind: "setting";
  key: string;
  value: string;
  file: string;
  range: Range;
  valueRange: { file: string; range: Range };
}
interface ToyAst {
  children: ToyLine[];
  problems: SyntaxProblem[];
  comments: Comment[];
}

function parse(file: string, text: string): { ast: ToyAst; source: SourceFile } {
  const source = new SourceFile(file, text);
  const ast: ToyAst = { children: [], problems: [], comments: [] };
  let at = 0;
  for (const line of text.split("\n")) {
    const start = at;
    at += line.length + 1;
    const hash = line.indexOf("#");
    if (hash >= 0) ast.comments.push({ text: line.slice(hash), range: source.range(start + hash, start + line.length) });
    const code = hash >= 0 ? line.slice(0, hash) : line;
    if (!code.trim()) continue;
    const m = /^(\s*)([a-z][\w.]*)\s*=\s*(\S*)\s*$/.exec(code);
    if (!m) {
      ast.problems.push({ file, range: source.range(start, start + code.length), message: "expected key = value" } as SyntaxProblem);
      continue;
    }
    const keyStart = start + m[1].length;
    const valueStart = start + code.lastIndexOf(m[3]);
    ast.children.push({
      kind: "setting",
      key: m[2],
      value: m[3],
      file,
      range: source.range(keyStart, valueStart + m[3].length),
      valueRange: { file, range: source.range(valueStart, valueStart + m[3].length) },
    });
  }
  return { ast, source };
}

class ToyServer {
  readonly dialect = "toyconf";
  readonly complete = true;
  constructor(readonly tree: ServerTree<ParsedFile<ToyAst>>) {}
  get settings(): ToyLine[] {
    return [...this.tree.files.values()].flatMap((f) => f.ast.children);
  }
}

const KNOWN = new Map([
  ["debug", "core"],
  ["listen", "core"],
  ["workers", "core"],
]);

const TOY_FORMAT = { parse, bytesPerToken: 100, notConfig: { statement: /^\s*[a-z][\w.]*\s*=/, distinctive: true } };

const toyconf = {
  name: "toyconf",
  files: { mainConfigs: ["toy.conf"], ownName: (base: string) => base.endsWith(".toy"), directories: ["toyconf"], scoreLine: () => 0 },
  format: TOY_FORMAT,
  comments: { prefix: "#", trailing: true },
  fence: "ini",
  languageIds: ["toyconf"],
  options: [],
  load(entry: string, text: string, fsys: never, _opts: unknown, cache: Map<string, ParsedFile>) {
    const root = fileReader(fsys, cache as unknown as Map<string, ParsedFile<ToyAst>>, TOY_FORMAT)(entry, text);
    if ("error" in root) return root;
    return { dialect: "toyconf", root, files: new Map([[root.path, root]]), problems: [] };
  },
  model: (tree: ServerTree) => new ToyServer(tree as ServerTree<ParsedFile<ToyAst>>),
  // The whole file is one site, served by the backend `listen` names.
  siteBlocks: (server: ToyServer) =>
    server.settings
      .filter((s) => s.key === "listen")
      .map((s) => ({
        dialect: "toyconf",
        block: s,
        names: [],
        backends: [{ address: `127.0.0.1:${s.value}`, socket: null, local: true }],
        scripts: [],
        settingsRefs: [],
        onlyRedirects: false,
      })),
  catalog: {
    findings: (server: ToyServer) =>
      server.settings
        .filter((s) => !KNOWN.has(s.key))
        .map((s) => {
          const suggestion = [...KNOWN.keys()].find((k) => k.slice(0, 3) === s.key.slice(0, 3));
          return suggestion
            ? { rule: "unknown-directive", messageId: "unknownSuggest", data: { what: "option", name: s.key, suggestion }, at: s }
            : { rule: "unknown-directive", messageId: "unknown", data: { what: "option", name: s.key }, at: s };
        }),
    describe: (name: string) => (KNOWN.has(name) ? { name, module: KNOWN.get(name) as string, allowed: "anywhere" } : null),
    reference: (name: string) => (KNOWN.has(name) ? `https://toyconf.invalid/${name}` : null),
  },
} as unknown as DialectPlugin;

const debugOn = defineRule({
  dialect: "toyconf" as never,
  meta: {
    id: "toyconf/debug-on",
    severity: "error",
    summary: "debug = on in production",
    rationale: "Tracebacks reach clients.",
    seeds: [],
    fix: { safety: "safe", title: "Set debug = off", why: "it changes only the value the finding is about" },
    messages: { on: "debug is {{value}}: set it off in production" },
  },
  check({ server, report }) {
    for (const s of (server as unknown as ToyServer).settings)
      if (s.key === "debug" && s.value === "on")
        report({ messageId: "on", data: { value: s.value }, at: s, fix: (f) => [f.replaceRange(s.valueRange, "off")] });
  },
}) as Rule;

registerDialect(toyconf);
const registry = [...allRules(), debugOn];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-toy-"));
const file = path.join(dir, "site.toy");
const text = "listen = 8000\ndebug = on\nworkrs = 4\n# djlint-conf-disable-next-line toyconf/debug-on\ndebug = on\n";
fs.writeFileSync(file, text);

test("the registry knows it, and detection finds it by the plugin's file names", () => {
  expect(dialectNamed("toyconf")).toBe(toyconf);
  expect(detectDialect(file, text)).toBe("toyconf");
});

test("the engine lints it: the rule with its fix, the catalog with a suggestion, suppressions honoured", () => {
  const run = lintFiles([file], { registry });
  expect(run.skipped).toEqual([]);
  expect(run.results.map((r) => [r.filePath, r.dialect])).toEqual([[file, "toyconf"]]);
  expect(run.results[0].messages.map((m) => [m.ruleId, m.severity, m.range.line, m.range.column, m.message])).toEqual([
    ["toyconf/debug-on", "error", 2, 1, "debug is on: set it off in production"],
    ["unknown-directive", "warning", 3, 1, "Unknown option 'workrs': did you mean 'workers'?"],
  ]);
  // "on" is the 9th..10th character of line 2 (offsets 22..24 of the file).
  expect(run.results[0].messages[0].fix).toEqual({ title: "Set debug = off", safety: "safe", edits: [{ file, start: 22, end: 24, text: "off" }] });
});

test("the Django side sees its sites through the plugin", () => {
  const server = toyconf.model(toyconf.load(file, text, new DiskFs(new PathMap([], dir)), {}, new Map()) as ServerTree, {});
  expect(siteBlocks([server]).map((b) => [b.dialect, b.block.range.line, b.backends.map((x) => x.address)])).toEqual([["toyconf", 1, ["127.0.0.1:8000"]]]);
});

test("the library's lint reads it from in-memory text too", () => {
  const r = lint({ texts: { [path.join(dir, "memory.toy")]: "debug = on\n" }, options: { registry } });
  expect(r.results.flatMap((f) => f.messages.map((m) => [path.basename(f.filePath), m.ruleId, m.range.line]))).toEqual([["memory.toy", "toyconf/debug-on", 1]]);
});

test("every formatter reports it", () => {
  const run = lintFiles([file], { registry });
  for (const [name, format] of Object.entries(FORMATTERS)) {
    const out = format(run, { cwd: dir, colorLevel: 0 });
    expect([name, out.includes("toyconf/debug-on"), out.includes("unknown-directive")]).toEqual([name, true, true]);
  }
});

test("the language server's code actions and hover work on it", () => {
  const run = lintFiles([file], { registry });
  const lsp = JSON.parse(FORMATTERS.lsp(run, { cwd: dir, colorLevel: 0 })) as Record<string, Published["diagnostic"][]>;
  const uri = fileUrl(file);
  const [debug] = lsp[uri];
  expect([debug.code, debug.source, debug.range]).toEqual(["toyconf/debug-on", SOURCE, { start: { line: 1, character: 0 }, end: { line: 1, character: 10 } }]);
  const engineFix = run.results[0].messages[0].fix!;
  const published: Published[] = [
    {
      diagnostic: debug,
      fix: {
        title: "Set debug = off",
        safety: "safe",
        engine: engineFix,
        edits: [{ uri, edit: { range: { start: { line: 1, character: 8 }, end: { line: 1, character: 10 } }, newText: "off" } }],
      },
    },
  ];
  const doc = { getText: (r?: { start: { line: number } }) => (r ? text.split("\n")[r.start.line] + "\n" : text) } as never;
  const actions = codeActions({ textDocument: { uri }, range: debug.range, context: { diagnostics: [debug] } }, published, doc, toyconf.comments.prefix);
  // The quick fix, the two suppressions (with the plugin's comment marker), and fix-all for the document's safe fix.
  expect(actions.map((a) => a.title)).toEqual([
    "Set debug = off (toyconf/debug-on)",
    "Disable toyconf/debug-on for this line",
    "Disable toyconf/debug-on for this file",
    "Fix all safe djlint-conf problems",
  ]);
  expect(actions[3].edit?.changes?.[uri]).toEqual([{ range: { start: { line: 1, character: 8 }, end: { line: 1, character: 10 } }, newText: "off" }]);
  expect(actions[1].edit?.changes?.[uri][0].newText).toBe("# djlint-conf-disable-next-line toyconf/debug-on\n");
  const onFinding = hover({ textDocument: { uri }, position: { line: 1, character: 2 } }, published, doc, "toyconf" as never, 1e6);
  // The rule is this test's, not the catalog's: the hover names it (ruleDoc knows no page for it).
  expect(onFinding?.contents).toEqual({ kind: "markdown", value: "**toyconf/debug-on**" });
  const onKey = hover({ textDocument: { uri }, position: { line: 0, character: 2 } }, [], doc, "toyconf" as never, 1e6);
  expect((onKey?.contents as { value: string }).value).toBe(
    "**listen** (toyconf)\n\nModule: core · Allowed: anywhere\n\n[Reference](https://toyconf.invalid/listen)",
  );
});
