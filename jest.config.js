/**
 * Tests are TypeScript ESM, transformed by ts-jest (isolatedModules: transpile
 * only; `npm test` runs `tsc --noEmit` first for the types). Jest runs ESM with
 * --experimental-vm-modules (see package.json). chevrotain is mapped to its own
 * prebundled build: the package entry loads ~650 lodash-es modules per test file.
 */
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  extensionsToTreatAsEsm: [".ts"],
  transform: {
    "^.+\\.ts$": [
      "ts-jest",
      { useESM: true, tsconfig: { module: "ESNext", moduleResolution: "Bundler", target: "ES2022", verbatimModuleSyntax: false, isolatedModules: true } },
    ],
  },
  moduleNameMapper: {
    "^chevrotain$": "<rootDir>/node_modules/chevrotain/lib/chevrotain.mjs",
    "^(\\.{1,2}/.*)\\.js$": "$1",
  },
  testTimeout: 60000,
  // Each run's temporary files in one directory, removed at the end (test/support/temp-dir.js).
  globalSetup: "<rootDir>/test/support/global-setup.js",
  globalTeardown: "<rootDir>/test/support/global-teardown.js",
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
};
