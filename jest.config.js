/**
 * Tests are TypeScript ESM, transformed by @swc/jest (no type-checking here:
 * `npm test` runs `tsc --noEmit` first). Jest runs ESM with
 * --experimental-vm-modules (see package.json). chevrotain is mapped to its own
 * prebundled build: the package entry loads ~650 lodash-es modules per test file.
 */
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  extensionsToTreatAsEsm: [".ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022", experimental: { keepImportAttributes: true, emitAssertForImportAttributes: false } }, module: { type: "es6" } }],
  },
  moduleNameMapper: {
    "^chevrotain$": "<rootDir>/node_modules/chevrotain/lib/chevrotain.mjs",
    "^(\\.{1,2}/.*)\\.js$": "$1",
  },
  testTimeout: 60000,
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
};
