/**
 * The check each dialect's lexer run by hand (grammars/*\/lex.ts) passes: it
 * gives what chevrotain's Lexer gives for the same token definitions (the
 * same tokens with type, image, offset and payload, the same groups, the same
 * errors) on hand-written traps, on every file of the dialect's corpus and
 * grammar fixtures, and on 2,000 random and mutated inputs.
 */
import fs from "node:fs";
import path from "node:path";
import type { ILexingResult, IToken, Lexer } from "chevrotain";
import * as fc from "fast-check";
import { inputs, loadSeeds } from "../fuzz/properties.js";

type Grammar = "apache" | "nginx" | "lighttpd";
type HandLexer = (text: string, fallback: () => Lexer) => ILexingResult;

const shown = (t: IToken) => ({ type: t.tokenType.name, image: t.image, at: t.startOffset, payload: t.payload, idx: t.tokenTypeIdx });

function comparable(r: ILexingResult) {
  const groups = Object.fromEntries(Object.entries(r.groups).map(([k, v]) => [k, v.map(shown)]));
  return {
    tokens: r.tokens.map(shown),
    groups,
    errors: r.errors.map((e) => ({ offset: e.offset, length: e.length, message: e.message })),
  };
}

/** The dialect's corpus and grammar fixture files. */
export function grammarFiles(grammar: Grammar): string[] {
  return [path.resolve("test/corpus", grammar), path.resolve("fixtures/grammar", grammar)].flatMap((dir) =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir, { recursive: true, encoding: "utf8" })
          .map((f) => path.join(dir, f))
          .filter((f) => fs.statSync(f).isFile() && !f.endsWith(".json"))
      : [],
  );
}

/**
 * Registers the three comparisons in the current `describe`. Returns the lexer by hand as the tests run it and how
 * often it fell back to chevrotain's Lexer so far (each dialect says when it may).
 */
export function handLexerComparisons(grammar: Grammar, reference: Lexer, byHand: HandLexer, traps: string[]) {
  let fallbacks = 0;
  const run = (text: string) =>
    byHand(text, () => {
      fallbacks++;
      return reference;
    });
  const same = (text: string) => expect(comparable(run(text))).toEqual(comparable(reference.tokenize(text)));

  test.each(traps.map((t) => [JSON.stringify(t), t]))("gives chevrotain's tokens for %s", (_, text) => same(text));

  test(`gives chevrotain's tokens for every ${grammar} file of the corpus and the grammar fixtures`, () => {
    const files = grammarFiles(grammar);
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) {
      const text = fs.readFileSync(f, "utf8");
      expect({ file: f, ...comparable(run(text)) }).toEqual({ file: f, ...comparable(reference.tokenize(text)) });
    }
  });

  test("gives chevrotain's tokens for random and mutated configurations", () => {
    fc.assert(
      fc.property(inputs(grammar, loadSeeds(grammar)), (text) => {
        same(text);
      }),
      { numRuns: 2000, seed: 20261205 },
    );
  });

  return {
    run,
    fallbacks: () => fallbacks,
    resetFallbacks: () => {
      fallbacks = 0;
    },
  };
}
