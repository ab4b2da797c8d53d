// Preloaded into the CLI's process by the benchmarks (`node --require`): at
// exit, writes the process's peak resident set size (KB, from getrusage) to
// the file named by DJLINT_BENCH_RSS, and its CPU time (user + system, ms) to
// the file named by DJLINT_BENCH_CPU. It adds well under a millisecond to a run.
"use strict";
const fs = require("node:fs");

const out = process.env.DJLINT_BENCH_RSS;
const cpuOut = process.env.DJLINT_BENCH_CPU;
if (out || cpuOut) {
  process.on("exit", () => {
    try {
      if (out) fs.writeFileSync(out, String(process.resourceUsage().maxRSS));
      if (cpuOut) {
        const u = process.cpuUsage();
        fs.writeFileSync(cpuOut, String((u.user + u.system) / 1000));
      }
    } catch {
      // The runner reports the missing number.
    }
  });
}
