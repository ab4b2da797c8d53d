/**
 * namesMentioned (src/model/mentions.ts) answers what `text.includes(name)`
 * answers for every name and text: the definition it replaces, checked on
 * random names and texts over a small alphabet (so that names overlap, nest
 * and share prefixes and suffixes, the cases a multi-name search gets wrong)
 * and on a fleet's FastCGI names.
 */
import fc from "fast-check";
import { namesMentioned } from "../src/model/mentions.js";

const naive = (names: string[], texts: string[]) => new Set(names.filter((n) => n && texts.some((t) => t.includes(n))));

test("every name some text contains, and no other: as text.includes(name) says", () => {
  const word = fc.stringMatching(/^[ab.c]{0,6}$/);
  fc.assert(
    fc.property(fc.array(word, { maxLength: 12 }), fc.array(fc.stringMatching(/^[ab.cd]{0,40}$/), { maxLength: 6 }), (names, texts) => {
      expect([...namesMentioned(names, texts)].sort()).toEqual([...naive(names, texts)].sort());
    }),
    { numRuns: 3000, seed: 14 },
  );
});

test("names inside one another, ending one another, and beyond the BMP", () => {
  const names = ["she", "he", "hers", "his", "e", "shop1.fcgi", "shop12.fcgi", "p12.f", "\u{1F600}x", ""];
  const texts = ["ushers", "RewriteRule ^(.*)$ /shop12.fcgi/$1 [QSA,L]", "a\u{1F600}xb"];
  expect([...namesMentioned(names, texts)].sort()).toEqual([...naive(names, texts)].sort());
  expect(namesMentioned(names, texts)).toEqual(new Set(["she", "he", "hers", "e", "shop12.fcgi", "p12.f", "\u{1F600}x"]));
  expect(namesMentioned(["x"], [])).toEqual(new Set());
  expect(namesMentioned([], ["x"])).toEqual(new Set());
});

test("a fleet: each declared FastCGI file against every site's rules", () => {
  const names = Array.from({ length: 700 }, (_, i) => `site${i}.fcgi`);
  // Every third site routes its file; a site's neighbours' names are prefixes of nothing it mentions.
  const texts = names.filter((_, i) => i % 3 === 0).map((n) => `/home/u/public_html/${n}/$1`);
  expect(namesMentioned(names, texts)).toEqual(naive(names, texts));
  expect(namesMentioned(names, texts).size).toBe(Math.ceil(700 / 3));
});
