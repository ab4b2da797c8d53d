/**
 * Differential conformance suite (`npm run conformance`): the servers' own
 * config tests (`apache2 -t`, `nginx -t`, `lighttpd -tt`) against our verdict,
 * on the real-world corpus (test/corpus) and on deterministic mutants of it. Prints a table per
 * dialect; `--write-report` writes docs/conformance.md. Exit code 1 when we
 * report a syntax error the server does not, or when mutant agreement is below
 * 95% for a dialect.
 *
 * Then the hand-written oracle cases (scripts/conformance/oracle-cases.ts):
 * premises of rules checked against the config test and, where it cannot
 * tell, against a running server on loopback; exit code 1 when one does not hold.
 *
 * Options: --write-report, --dialect <name> (repeatable), --per-kind <n>
 * (mutants per kind and file, default 2), --limit <n> (first n files, for a
 * quick look), --verbose (every disagreement on the console), --oracles-only
 * (only the oracle cases). CONFORMANCE_DEBUG=<ms> prints the server runs slower than that.
 */
import fs from "node:fs";
import path from "node:path";
import { classify } from "./conformance/compare.js";
import {
  apacheDirectiveModules,
  apacheModules,
  apacheModulesFor,
  isUtf8,
  Lane,
  subjects,
  supplyNginxStock,
  wrap,
  wrapsFor,
  type ApacheModule,
  type Wrapped,
} from "./conformance/corpus.js";
import { mutants } from "./conformance/mutators.js";
import { lighttpdDump, serverBinary, serverVerdict, serverVersion } from "./conformance/oracles.js";
import { ourVerdict } from "./conformance/ours.js";
import { runOracleCases } from "./conformance/oracle-run.js";
import { consoleTable, markdown, oracleTable, rows, type DialectRun, type Skipped } from "./conformance/report.js";
import { DIALECTS, DISAGREEMENTS, type Dialect, type MutantKind, type OurVerdict, type ServerVerdict, type Subject, type Wrap } from "./conformance/types.js";

export const MUTANT_AGREEMENT_MIN = 95;
const REPORT = "docs/conformance.md";

interface Args {
  writeReport: boolean;
  dialects: Dialect[];
  perKind: number;
  limit: number;
  verbose: boolean;
  oraclesOnly: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { writeReport: false, dialects: [], perKind: 2, limit: Infinity, verbose: false, oraclesOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i];
    if (flag === "--write-report") a.writeReport = true;
    else if (flag === "--verbose") a.verbose = true;
    else if (flag === "--oracles-only") a.oraclesOnly = true;
    else if (flag === "--dialect") a.dialects.push(value() as Dialect);
    else if (flag === "--per-kind") a.perKind = Number(value());
    else if (flag === "--limit") a.limit = Number(value());
    else throw new Error(`unknown option ${argv[i]}`);
  }
  for (const d of a.dialects) if (!DIALECTS.includes(d)) throw new Error(`unknown dialect ${d}`);
  if (!a.dialects.length) a.dialects = [...DIALECTS];
  return a;
}

/** Contexts after this verdict are worth trying: the file's top level is not allowed where we put it. */
function tryNext(dialect: Dialect, s: Subject, v: ServerVerdict): boolean {
  if (v.ok) return false;
  if (dialect === "lighttpd") return /document-root is not set/.test(v.message);
  if (dialect === "nginx" && /^no "events" section/.test(v.message)) return true;
  return v.category === "context" && v.file === s.rel;
}

/** Placeholders for names and paths, so that "why not checkable" groups files. */
const general = (m: string) =>
  m
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/(?<![\w<])\/[^\s:,)]+/g, "<path>")
    .replace(/\d+/g, "N")
    .slice(0, 120);

/** Whether the server's verdict on an unmodified corpus file says something about its syntax. */
function notCheckableWhy(s: Subject, v: ServerVerdict): string | null {
  if (v.ok) return null;
  if (v.file === undefined || v.file.startsWith("/")) return `${v.category}: ${general(v.message)} (outside the corpus file)`;
  if (v.category === "syntax" || v.category === "context") return null;
  // The manifest marks deliberate misspellings invalid; otherwise an unknown name is a module this build lacks.
  if (v.category === "unknown" && s.invalid) return null;
  if (v.category === "unknown") return `unknown: a directive of a module this server build lacks (${general(v.message)})`;
  return `${v.category}: ${general(v.message)}`;
}

const lineCount = (file: string) => {
  try {
    return fs.readFileSync(file, "latin1").split("\n").length;
  } catch {
    return undefined;
  }
};

async function runDialect(dialect: Dialect, args: Args): Promise<DialectRun> {
  const bin = serverBinary(dialect);
  const all = subjects(dialect).slice(0, args.limit);
  const run: DialectRun = { dialect, server: bin ? serverVersion(dialect) : null, cases: [], notCheckable: [], subjects: all.length };
  if (!bin) return run;
  const lanes = [new Lane(dialect, 0), new Lane(dialect, 1)];
  let next = 0;
  const started = Date.now();

  let serverRuns = 0;
  let lintMs = 0;
  const moduleMap = dialect === "apache" ? apacheDirectiveModules(bin, lanes[0]) : new Map<string, string>();
  const allModules = apacheModules();

  /** httpd's verdict may be about a module the case did not load: then once more with every module. */
  const needsAllModules = (v: ServerVerdict) => {
    if (v.ok || v.category === "syntax" || v.category === "context") return false;
    const unknown = /^Invalid command '([^']+)'/.exec(v.message);
    return unknown ? moduleMap.has(unknown[1].replace(/^</, "").toLowerCase()) : true;
  };

  /** Writes the wrapper, runs the server; for httpd, retries with every module when the verdict asks for one. */
  const judge = async (lane: Lane, s: Subject, how: Wrap, modules: ApacheModule[], written: Set<string>) => {
    for (;;) {
      const w = wrap(lane, s.rel, how, modules);
      if (w.text !== null) {
        fs.writeFileSync(w.main, w.text);
        written.add(w.main);
      }
      serverRuns++;
      const server = await serverVerdict(lane, w);
      if (server.file && !server.file.startsWith("/")) server.eofLine = lineCount(lane.abs(server.file));
      if (dialect === "apache" && modules !== allModules && needsAllModules(server)) {
        modules = allModules;
        continue;
      }
      return { w, server, modules };
    }
  };
  const ours = (lane: Lane, w: Wrapped): OurVerdict => {
    const t0 = Date.now();
    const v = ourVerdict(lane, w);
    lintMs += Date.now() - t0;
    return v;
  };
  const record = (
    s: Subject,
    wrapKind: Wrap,
    kind: "original" | MutantKind,
    v: { server: ServerVerdict; ours: OurVerdict },
    text: string,
    mutant?: { line: number; what: string },
  ) => {
    const c = { dialect, rel: s.rel, wrap: wrapKind, kind, ...(mutant ? { mutant } : {}), server: v.server, ours: v.ours };
    const { outcome, reason } = classify(c, text);
    run.cases.push({ ...c, outcome, ...(reason ? { reason: reason.id } : {}) });
  };

  const worker = async (lane: Lane) => {
    for (let i = next++; i < all.length; i = next++) {
      const s = all[i];
      const file = lane.abs(s.rel);
      const original = fs.readFileSync(file);
      const written = new Set<string>();
      try {
        const baseModules = dialect === "apache" ? apacheModulesFor([original.toString("latin1")], moduleMap) : [];
        if (dialect === "nginx") for (const p of supplyNginxStock(lane, s.rel, original.toString("latin1"))) written.add(p);
        let chosen: { how: Wrap; w: Wrapped; server: ServerVerdict; modules: ApacheModule[] } | null = null;
        for (const how of wrapsFor(s)) {
          chosen = { how, ...(await judge(lane, s, how, baseModules, written)) };
          if (!tryNext(dialect, s, chosen.server)) break;
        }
        if (!chosen) continue;
        const why = notCheckableWhy(s, chosen.server);
        if (why) {
          run.notCheckable.push({ rel: s.rel, why });
          continue;
        }
        record(s, chosen.how, "original", { server: chosen.server, ours: ours(lane, chosen.w) }, original.toString("latin1"));
        if (!chosen.server.ok || !isUtf8(original)) continue;
        let baseDump: Promise<string | null> | null = null;
        for (const m of mutants(dialect, s.rel, original.toString("utf8"), args.perKind)) {
          fs.writeFileSync(file, m.text);
          const j = await judge(lane, s, chosen.how, chosen.modules, written);
          const v = ours(lane, j.w);
          if (dialect === "lighttpd" && j.server.ok && v.reject) {
            // Did lighttpd read the mutant as written? Compare its dump with the unmodified file's.
            const dump = await lighttpdDump(lane, j.w);
            fs.writeFileSync(file, original);
            baseDump ??= lighttpdDump(lane, j.w);
            j.server.misread = dump !== (await baseDump);
          }
          record(s, chosen.how, m.kind, { server: j.server, ours: v }, m.text, { line: m.line, what: m.what });
        }
      } finally {
        fs.writeFileSync(file, original);
        for (const p of written) fs.rmSync(p, { force: true });
      }
    }
  };
  try {
    await Promise.all(lanes.map(worker));
  } finally {
    for (const l of lanes) l.dispose();
  }
  run.cases.sort((a, b) =>
    a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : (a.mutant?.what ?? "") < (b.mutant?.what ?? "") ? -1 : 1,
  );
  run.notCheckable.sort((a: Skipped, b: Skipped) => (a.rel < b.rel ? -1 : 1));
  process.stderr.write(
    `${dialect}: ${all.length} files, ${run.cases.length} cases, ${serverRuns} server runs, ${((Date.now() - started) / 1000).toFixed(1)} s (engine ${(lintMs / 1000).toFixed(1)} s)\n`,
  );
  return run;
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const runs: DialectRun[] = [];
  for (const d of args.oraclesOnly ? [] : args.dialects) {
    const r = await runDialect(d, args);
    if (!r.server) process.stderr.write(`note: ${d}: no server binary found, skipped (CI installs Debian's apache2, nginx and lighttpd)\n`);
    runs.push(r);
  }
  console.log(consoleTable(runs));
  let failed = false;
  for (const r of runs) {
    if (!r.server) continue;
    const [orig, mut] = rows(r);
    if (orig.falseRejections + mut.falseRejections > 0) {
      failed = true;
      console.log(`FAIL ${r.dialect}: ${orig.falseRejections + mut.falseRejections} false syntax errors (we reject, the server accepts)`);
    }
    if (mut.files && mut.agreement < MUTANT_AGREEMENT_MIN) {
      failed = true;
      console.log(`FAIL ${r.dialect}: mutant agreement ${mut.agreement.toFixed(1)}% < ${MUTANT_AGREEMENT_MIN}%`);
    }
    const shown = r.cases.filter((c) => DISAGREEMENTS.includes(c.outcome) && (args.verbose || !c.reason));
    for (const c of shown.slice(0, args.verbose ? Infinity : 20)) {
      const o = c.ours.findings[0];
      console.log(
        `  ${c.outcome} ${c.reason ? `[${c.reason}]` : "[unexplained]"} ${c.rel} (${c.wrap}) ${c.kind}${c.mutant ? `: ${c.mutant.what}` : ""}\n` +
          `      server: ${c.server.ok ? "accepts" : `${c.server.file}:${c.server.line}: ${c.server.message}`}\n` +
          `      ours:   ${o ? `${o.file}:${o.line}: ${o.ruleId}: ${o.message}` : c.ours.crash ? `crash: ${c.ours.crash}` : "accepts"}`,
      );
    }
    if (shown.length > 20 && !args.verbose) console.log(`  ... ${shown.length - 20} more unexplained (--verbose lists all)`);
  }
  const oracles = await runOracleCases(args.dialects);
  console.log(oracleTable(oracles));
  for (const o of oracles)
    for (const c of o.checks.filter((x) => !x.ok)) {
      failed = true;
      console.log(`FAIL oracle ${o.id}: ${c.what} (got: ${c.got})`);
    }
  if (args.writeReport) {
    const partial = args.oraclesOnly || args.limit !== Infinity || args.dialects.length !== DIALECTS.length || args.perKind !== 2;
    if (partial) console.log(`not writing ${REPORT}: the committed report is for the full default run`);
    else {
      fs.mkdirSync(path.dirname(REPORT), { recursive: true });
      fs.writeFileSync(REPORT, markdown(runs, "npm run conformance -- --write-report", oracles));
      console.log(`wrote ${REPORT}`);
    }
  }
  return failed ? 1 : 0;
}
