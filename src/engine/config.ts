/**
 * Effective severity of each id: the catalog default, then the profile, then
 * explicit --rule / config settings.
 */
import type { RuleMeta } from "../rule-api.js";
import type { Severity, SeverityOrOff } from "../core/diagnostic.js";
import type { Profile } from "../core/settings.js";
import { ENGINE_IDS } from "./engine-ids.js";

export function resolveSeverity(
  id: string,
  meta: Pick<RuleMeta, "severity" | "profiles"> | undefined,
  profile: Profile,
  overrides: Record<string, SeverityOrOff>,
): SeverityOrOff {
  if (overrides[id]) return overrides[id];
  const fromProfile = meta?.profiles?.[profile];
  if (fromProfile) return fromProfile;
  return meta?.severity ?? ENGINE_IDS.find((e) => e.id === id)?.severity ?? ("warning" as Severity);
}
