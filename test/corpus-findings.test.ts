/**
 * What the rules find on the real-world corpus, per dialect and rule,
 * recorded in fixtures/corpus/<dialect>-findings.json and reviewed by hand
 * (each kind of finding was checked to be true). A change in these numbers is
 * a change in behaviour on real configs: look at the new findings, then
 * re-record with UPDATE_CORPUS_FINDINGS=1.
 */
import fs from "node:fs";
import path from "node:path";
import { lintFiles } from "../src/engine/run.js";
import type { Dialect } from "../src/core/dialect.js";
import { corpusFiles, CORPUS } from "./support/corpus.js";
import os from "node:os";
import { DiskFs, type FsFacade } from "../src/load/fs-facade.js";
import { PathMap } from "../src/load/path-map.js";
import { withoutServerDirs } from "../scripts/fresh-machine-fs.js";

/**
 * Some corpus configs name the temporary directory (`DocumentRoot /tmp` in
 * certbot's files): read it as the empty directory a fresh machine has, but
 * for the way to the corpus itself (a CI clone lives there), so that what
 * other programs leave in it (a project with manage.py) cannot change the
 * record.
 */
function withoutTmp(keep: string): FsFacade {
  const base = new DiskFs(new PathMap([], keep));
  // The test run's own TMPDIR and the system's /tmp, which certbot's files name.
  const tmps = [...new Set([os.tmpdir(), "/tmp"].filter((d) => fs.existsSync(d)).map((d) => fs.realpathSync(d)))];
  const onWay = (p: string) => p === keep || keep.startsWith(p + path.sep) || p.startsWith(keep + path.sep);
  const hidden = (p: string) => tmps.some((tmp) => p.startsWith(tmp + path.sep)) && !onWay(p);
  return {
    local: (p) => base.local(p),
    kind: (p) => (hidden(base.local(p)) ? null : base.kind(p)),
    list: (p) => {
      const l = base.local(p);
      if (hidden(l)) return null;
      return tmps.includes(l) ? (base.list(p)?.filter((n) => onWay(path.join(l, n))) ?? null) : base.list(p);
    },
    read: (p) => (hidden(base.local(p)) ? { error: "ENOENT: no such file or directory" } : base.read(p)),
    identity: (p) => (hidden(base.local(p)) ? null : (base.identity?.(p) ?? null)),
  };
}

const DIALECTS: Dialect[] = ["apache", "nginx", "lighttpd"];

test.each(DIALECTS)("findings per rule on the %s corpus match the reviewed record", (dialect) => {
  const record = path.resolve(`fixtures/corpus/${dialect}-findings.json`);
  const files = corpusFiles(dialect).map((f) => f.path);
  // The web servers' own directories (`include /etc/nginx/mime.types`) as a machine without them has them, whether or not this one does.
  const run = lintFiles(files, { cwd: CORPUS, dialect, fs: withoutServerDirs(withoutTmp(fs.realpathSync(CORPUS))) });
  const byRule: Record<string, { count: number; files: Record<string, number> }> = {};
  for (const r of run.results)
    for (const m of r.messages) {
      const e = (byRule[m.ruleId ?? "(suppression comment)"] ??= { count: 0, files: {} });
      e.count++;
      const rel = path.relative(CORPUS, m.file);
      e.files[rel] = (e.files[rel] ?? 0) + 1;
    }
  const sorted = Object.fromEntries(
    Object.keys(byRule)
      .sort()
      .map((k) => [k, { count: byRule[k].count, files: Object.fromEntries(Object.entries(byRule[k].files).sort()) }]),
  );
  if (process.env.UPDATE_CORPUS_FINDINGS) {
    fs.mkdirSync(path.dirname(record), { recursive: true });
    fs.writeFileSync(record, JSON.stringify(sorted, null, 2) + "\n");
  }
  expect(sorted).toEqual(JSON.parse(fs.readFileSync(record, "utf8")));
});
