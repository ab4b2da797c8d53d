/**
 * CVSS 3.1 base scores (FIRST, "CVSS v3.1 Specification", section 7.1 and
 * Appendix A for Roundup): what a rule's `security.cvss` vector becomes in
 * SARIF's `security-severity`.
 */
const WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** Privileges Required weighs more when the scope changes. */
const PR = { U: { N: 0.85, L: 0.62, H: 0.27 }, C: { N: 0.85, L: 0.68, H: 0.5 } } as const;

/** The smallest number with one decimal that is >= x, computed in integers to avoid float artefacts (Appendix A). */
function roundUp(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

/** The base score of a `CVSS:3.1/AV:_/AC:_/PR:_/UI:_/S:_/C:_/I:_/A:_` vector; throws on anything else. */
export function cvssBaseScore(vector: string): number {
  const m = /^CVSS:3\.[01]\/AV:([NALP])\/AC:([LH])\/PR:([NLH])\/UI:([NR])\/S:([UC])\/C:([HLN])\/I:([HLN])\/A:([HLN])$/.exec(vector);
  if (!m) throw new Error(`not a CVSS 3.1 base vector: ${vector}`);
  type Cia = keyof typeof WEIGHTS.CIA;
  const [, av, ac, pr, ui, s, c, i, a] = m as unknown as [
    string,
    keyof typeof WEIGHTS.AV,
    keyof typeof WEIGHTS.AC,
    "N" | "L" | "H",
    keyof typeof WEIGHTS.UI,
    "U" | "C",
    Cia,
    Cia,
    Cia,
  ];
  const iss = 1 - (1 - WEIGHTS.CIA[c]) * (1 - WEIGHTS.CIA[i]) * (1 - WEIGHTS.CIA[a]);
  const impact = s === "U" ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15);
  const exploitability = 8.22 * WEIGHTS.AV[av] * WEIGHTS.AC[ac] * PR[s][pr] * WEIGHTS.UI[ui];
  if (impact <= 0) return 0;
  return roundUp(Math.min((s === "U" ? 1 : 1.08) * (impact + exploitability), 10));
}
