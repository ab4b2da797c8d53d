/** What the directive catalogs report, through the two catalog rules. */
import type { Positioned } from "../core/range.js";
import type { Phrase } from "../source/quote.js";

/** What the two catalog rules report, decided once per server. */
export interface DirectiveFinding {
  rule: "unknown-directive" | "directive-context";
  /** A messageId of that rule (see rules/unknown-directive.ts, rules/directive-context.ts). */
  messageId: string;
  data: Record<string, string | number | Phrase>;
  at: Positioned;
  /** Set when the server is seen whole and the server itself would refuse the name (apache2 -t, nginx -t fail). */
  severity?: "error";
}

/** What the catalog of a dialect's directives says about a name, for the editor's hover. */
export interface DirectiveDescription {
  name: string;
  module: string;
  allowed: string;
}

/** A name the catalog allows at a point of a file, for the editor's completion. */
export interface CatalogName extends DirectiveDescription {
  /** From a module outside the server's own distribution. */
  thirdParty: boolean;
  /** Opens a section or block. */
  block: boolean;
}
