/** The README's options table and `--help` name the same options (both are written by hand, so they drift). */
import fs from "node:fs";
import { cli } from "../support/cli.js";
import { configKeys } from "../../src/config/schema.js";

/** Every `--flag` / `-x` in the first column of the README's options table. */
function readmeFlags(): Set<string> {
  const readme = fs.readFileSync("README.md", "utf8");
  const start = readme.indexOf("| option | meaning |");
  expect(start).toBeGreaterThan(0);
  const rows = readme.slice(start).split("\n").slice(2);
  const flags = new Set<string>();
  for (const row of rows) {
    if (!row.startsWith("|")) break;
    const first = row.split(/(?<!\\)\|/)[1];
    for (const m of first.matchAll(/(?<![\w-])--?[a-z][a-z-]*/g)) flags.add(m[0]);
  }
  return flags;
}

/** Every option `--help` lists (the lines that start with an option, before its description). */
function helpFlags(): Set<string> {
  const help = cli(["--help"]).stdout;
  const flags = new Set<string>();
  for (const line of help.split("\n")) {
    const m = /^\s+((?:-\w, )?--[a-z][a-z-]*)/.exec(line);
    if (m) for (const f of m[1].split(", ")) flags.add(f);
  }
  return flags;
}

test("the README's options table and --help list the same options", () => {
  const readme = readmeFlags();
  const help = helpFlags();
  expect(help.size).toBeGreaterThan(20);
  // yargs lists a boolean once; the README also spells its negation (--no-color, --no-config, ...).
  const negations = [...readme].filter((f) => f.startsWith("--no-") && help.has(`--${f.slice(5)}`));
  expect([...readme].filter((f) => !help.has(f) && !negations.includes(f)).sort()).toEqual([]);
  expect([...help].filter((f) => !readme.has(f) && !readme.has(`--no-${f.slice(2)}`)).sort()).toEqual([]);
});

/** Every key in the first column of the README's configuration key table. */
function readmeConfigKeys(): Set<string> {
  const readme = fs.readFileSync("README.md", "utf8");
  const start = readme.indexOf("| key | meaning |");
  expect(start).toBeGreaterThan(0);
  const keys = new Set<string>();
  for (const row of readme.slice(start).split("\n").slice(2)) {
    if (!row.startsWith("|")) break;
    for (const m of row.split(/(?<!\\)\|/)[1].matchAll(/`([A-Za-z]+)`/g)) keys.add(m[1]);
  }
  return keys;
}

test("the README's configuration table documents every configuration key, and no other", () => {
  const documented = readmeConfigKeys();
  const keys = configKeys().filter((k) => k !== "ignore"); // the older name of ignorePatterns, documented in its row
  expect(keys.filter((k) => !documented.has(k)).sort()).toEqual([]);
  expect([...documented].filter((k) => !keys.includes(k)).sort()).toEqual([]);
});
