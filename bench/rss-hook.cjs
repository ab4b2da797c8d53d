// Preloaded into the CLI's process by bench/run.mjs (`node --require`): at exit,
// writes the process's peak resident set size (KB, from getrusage) to the file
// named by DJLINT_BENCH_RSS. It adds well under a millisecond to a run.
"use strict";
const fs = require("node:fs");

const out = process.env.DJLINT_BENCH_RSS;
if (out) {
  process.on("exit", () => {
    try {
      fs.writeFileSync(out, String(process.resourceUsage().maxRSS));
    } catch {
      // The runner reports the missing number.
    }
  });
}
