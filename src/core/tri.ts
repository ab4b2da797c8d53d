/** Three-valued answers: what the linter knows, and where it cannot decide. */
export type Tri = "yes" | "no" | "unknown";

export function and(a: Tri, b: Tri): Tri {
  if (a === "no" || b === "no") return "no";
  if (a === "unknown" || b === "unknown") return "unknown";
  return "yes";
}

export function not(a: Tri): Tri {
  return a === "yes" ? "no" : a === "no" ? "yes" : "unknown";
}
