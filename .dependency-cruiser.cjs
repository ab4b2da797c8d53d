/**
 * The layers of djlint-conf (docs/architecture.md), checked in `npm test`
 * (npm run layers). Data flows one way: files -> AST -> server model -> rules
 * -> diagnostics -> formatters / LSP / fixer; what a lower layer needs of a
 * higher one's types lives in src/core.
 */
module.exports = {
  forbidden: [
    {
      name: "lower-layers-import-downward",
      comment:
        "src/core, src/ast, src/source, src/load, src/discover and src/config import nothing from the engine, the rule API, the rules, the LSP or the CLI.",
      severity: "error",
      from: { path: "^src/(core|ast|source|load|discover|config)/" },
      to: { path: "^(src/(engine|lsp|cli|formatters)/|src/rule-api\\.ts$|rules/)" },
    },
    {
      name: "core-imports-nothing",
      comment: "src/core holds plain types and helpers every layer may import: it imports no other part of djlint-conf.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^(src|rules|grammars)/", pathNot: "^src/core/" },
    },
    {
      name: "models-below-rules",
      comment: "The server models answer the rules' questions; they never import a rule, the engine, the LSP or the CLI.",
      severity: "error",
      from: { path: "^src/model/" },
      to: { path: "^(src/(engine|lsp|cli|formatters)/|rules/)" },
    },
    {
      name: "cli-lints-through-the-library",
      comment:
        "The command line and the language server lint through src/api/lint.ts, the function the library exports as lint(): one path, so they cannot drift (the engine's types may still be imported).",
      severity: "error",
      from: { path: "^src/(cli|lsp)/" },
      to: { path: "^src/engine/run\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-cycles",
      comment: "No import cycles in src/ (type-only imports excepted: they vanish at run time).",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".mjs", ".cjs", ".json"] },
  },
};
