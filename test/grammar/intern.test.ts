/**
 * The strings parsers share across files (grammars/shared/intern.ts): the
 * same text back, lower-cased names too, and a table that stays bounded
 * however many distinct texts a long-lived process parses.
 */
import { intern, internedCount, internLower, INTERN_MAX } from "../../grammars/shared/intern.js";

test("gives back the text it is given, short or long", () => {
  for (const s of ["On", "WSGIDaemonProcess", "x".repeat(INTERN_MAX), "/srv/a-long-path/that/is/not/shared/static/"]) expect(intern(s)).toBe(s);
  expect(internLower("VirtualHost")).toBe("virtualhost");
  expect(internLower("VirtualHost")).toBe("virtualhost");
});

test("holds a bounded number of texts", () => {
  let wrong = 0;
  for (let i = 0; i < 200_000; i++) if (intern(`k${i}`) !== `k${i}`) wrong++;
  expect(wrong).toBe(0);
  expect(internedCount()).toBeLessThanOrEqual(1 << 16);
  expect(internedCount()).toBeGreaterThan(0);
});
