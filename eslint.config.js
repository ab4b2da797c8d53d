// ESLint for djlint-conf's own code: the recommended rules of ESLint and
// typescript-eslint (without type information: fast enough for every `npm test`).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "node_modules/",
      "editors/vscode/node_modules/",
      "editors/vscode/dist/",
      "editors/vscode/server/",
      "fixtures/",
      "test/corpus/",
      "bench/out/",
      "**/*.d.ts",
      "**/*.d.mts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setImmediate: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        queueMicrotask: "readonly",
        structuredClone: "readonly",
        performance: "readonly",
        TextDecoder: "readonly",
        TextEncoder: "readonly",
        AbortController: "readonly",
      },
    },
    rules: {
      // Matching control characters is the point where messages and reports are made safe to print (quote.ts, xml.ts...).
      "no-control-regex": "off",
      // Unused names are errors, except deliberately ignored ones (`_name`) and the rest of a destructuring.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
    },
  },
  {
    // No god functions: a production function over 80 lines (blank lines and comments not counted) says why in a disable comment.
    files: ["src/**/*.ts", "rules/**/*.ts", "grammars/**/*.ts"],
    rules: { "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }] },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", __dirname: "readonly", __filename: "readonly", exports: "writable" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
