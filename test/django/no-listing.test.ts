/**
 * The Django side never lists a directory above the project: a listing of a
 * large parent (a home folder, /srv, /tmp) is paid on every lint. Names it
 * looks for above the project (Compose files, `.git`) are asked for one by
 * one. Checked through an injected file system that records what is listed.
 * (The configuration's own directory is the server side's: a site file linted
 * alone is read after the definitions files beside it, as the server would.)
 */
import fs from "node:fs";
import path from "node:path";
import { lintFiles } from "../../src/engine/run.js";
import { MemoryFs } from "./memory-fs.js";

const FIXTURE = path.resolve("fixtures/rules/django/static-root-mismatch/fires-nginx-repository");

/** The fixture's files under `at`, and many unrelated entries in the directories above it. */
function tree(at: string, extra: Record<string, string> = {}): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name !== "case.json") files[path.posix.join(at, path.relative(FIXTURE, p))] = fs.readFileSync(p, "utf8");
    }
  };
  walk(FIXTURE);
  for (let i = 0; i < 300; i++) {
    files[`/home/u/junk-${i}/x`] = "";
    files[`/home/u/work/other-${i}.txt`] = "";
  }
  return { ...files, ...extra };
}

class ListingFs extends MemoryFs {
  readonly listed: string[] = [];
  list(p: string): string[] | null {
    this.listed.push(p);
    return super.list(p);
  }
}

const ROOT = "/home/u/work/shop";
const within = (dir: string, root: string) => dir === root || dir.startsWith(root + "/");
/** What the Django side listed outside the project: anything but the project and the configuration's own directory. */
const outside = (listed: string[], conf: string) => listed.filter((d) => !within(d, ROOT) && d !== path.posix.dirname(conf));
const ids = (run: ReturnType<typeof lintFiles>) => run.results.flatMap((r) => r.messages.map((m) => m.ruleId));

test.each([
  ["the configuration in the repository, the project found through manage.py", `${ROOT}/deploy/nginx/shop.conf`, undefined],
  ["the configuration outside the project, its root given", "/home/u/conf/shop.conf", ROOT],
])("%s: nothing above the project is listed", (_, conf, root) => {
  const files = tree(ROOT);
  if (!conf.startsWith(ROOT)) files[conf] = files[`${ROOT}/deploy/nginx/shop.conf`];
  const fsys = new ListingFs(files);
  const run = lintFiles([conf], { cwd: "/home/u", fs: fsys, ...(root ? { django: { root } } : {}) });
  // The rules that compare the served directories with the settings ran (and looked for Compose files).
  expect(ids(run)).toContain("django/static-root-mismatch");
  expect(outside(fsys.listed, conf)).toEqual([]);
});

test.each([
  ["in the project root, under a stage's name", `${ROOT}/docker-compose.prod.yml`],
  ["in the directory above the project", "/home/u/work/compose.yaml"],
  ["above the configuration, in its repository", "/home/u/conf/docker-compose.yml"],
])("a Compose file %s still tells that the paths cannot be compared", (_, compose) => {
  const conf = "/home/u/conf/nginx/shop.conf";
  const files = tree(ROOT, { [compose]: "services: {}\n", "/home/u/conf/.git/HEAD": "ref: refs/heads/main\n" });
  files[conf] = files[`${ROOT}/deploy/nginx/shop.conf`];
  const fsys = new ListingFs(files);
  const run = lintFiles([conf], { cwd: "/home/u", fs: fsys, django: { root: ROOT } });
  expect(ids(run)).not.toContain("django/static-root-mismatch");
  expect(outside(fsys.listed, conf)).toEqual([]);
});

test("the walk above the configuration stops at its repository", () => {
  const conf = "/home/u/conf/nginx/shop.conf";
  // A Compose file above the configuration's repository belongs to something else.
  const files = tree(ROOT, { "/home/u/docker-compose.yml": "services: {}\n", "/home/u/conf/.git/HEAD": "ref: refs/heads/main\n" });
  files[conf] = files[`${ROOT}/deploy/nginx/shop.conf`];
  const run = lintFiles([conf], { cwd: "/home/u", fs: new ListingFs(files), django: { root: ROOT } });
  expect(ids(run)).toContain("django/static-root-mismatch");
});
