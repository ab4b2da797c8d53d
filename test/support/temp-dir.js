// One temporary directory per test run: every test's mkdtemp lands inside it
// (TMPDIR is read by os.tmpdir() in the workers and the CLI processes they
// start), and the teardown removes it, so a run leaves nothing behind in the
// system's temporary directory. Set before the workers start; a run that is
// killed leaves one directory, not thousands.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const KEY = "DJLINT_CONF_TEST_TMPDIR";

export async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-test-run-"));
  // As the system's /tmp: tests that run the CLI as another user (setpriv) reach their files through it.
  fs.chmodSync(dir, 0o1777);
  process.env[KEY] = dir;
  process.env.TMPDIR = dir;
}

export async function teardown() {
  const dir = process.env[KEY];
  if (dir && path.basename(dir).startsWith("djlint-conf-test-run-")) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
