/**
 * A lint's first Python parses run with V8's optimising compiler off
 * (src/model/django/python/parser.ts): the rest of the process must find it
 * on again, whatever the parse did (a 10 MB nginx tree linted after the
 * settings needs its hot loops optimised). Checked with V8's own test hooks,
 * which only exist under --allow-natives-syntax, in a fresh process (a test
 * worker's V8 has run other files' code); the control shows the check can
 * fail.
 */
import { spawnSync } from "node:child_process";

const nodeOnV8_11 = process.versions.v8.startsWith("11.") ? test : test.skip;

nodeOnV8_11("V8 optimises before and after parses, valid, invalid and too deeply nested ones; not with TurboFan off", () => {
  const r = spawnSync(process.execPath, ["--allow-natives-syntax", "scripts/run-ts.mjs", "test/support/tiering-probe.ts"], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(JSON.parse(r.stdout)).toEqual({
    before: true,
    turbofanOff: false,
    "after valid parse": true,
    "after invalid parse": true,
    "after tooDeep parse": true,
  });
});
