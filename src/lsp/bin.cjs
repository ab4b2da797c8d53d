#!/usr/bin/env node
"use strict";
// djlint-conf-lsp: the Language Server over stdio. The same bundle as the CLI
// (dist/cli.cjs, run from its code cache by cli.js), started as `djlint-conf --lsp`.
process.argv.splice(2, 0, "--lsp");
// Beside this file's real path, also when started through a symlink that Node did not resolve.
require(require("node:path").join(require("node:path").dirname(require("node:fs").realpathSync(__filename)), "cli.js"));
