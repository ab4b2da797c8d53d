#!/usr/bin/env node
// Bundles the CLI into dist/cli.js: one file that loads in milliseconds
// (chevrotain's package entry alone pulls ~650 lodash-es modules), then
// regenerates the rule registry if a rule file was added.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
execFileSync(process.execPath, [path.join(root, "scripts/gen-registry.mjs")], { stdio: "inherit" });
await build({
  entryPoints: { cli: path.join(root, "src/cli/bin.ts") },
  outdir: path.join(root, "dist"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: false,
  legalComments: "none",
  logLevel: "warning",
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
});
const { chmodSync } = await import("node:fs");
chmodSync(path.join(root, "dist/cli.js"), 0o755);
