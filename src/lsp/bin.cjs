#!/usr/bin/env node
"use strict";
// djlint-conf-lsp: the Language Server over stdio. The same bundle as the CLI
// (dist/cli.cjs, run from its code cache by cli.js), started as `djlint-conf --lsp`.
process.argv.splice(2, 0, "--lsp");
require("./cli.js");
