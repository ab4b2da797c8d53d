/**
 * "May another section than the `<Directory>` that denies it grant an
 * application's WSGI script?" (apache/wsgi-dir-not-granted), answered from
 * the per-server indexes: the sections an application's directory, URL and
 * script name can reach (cover-index.ts), and, weighed once per host instead
 * of once per application, those nothing narrows down (`<LocationMatch>`,
 * `<If>`, regex forms), of which only the ones that grant anything matter.
 */
import type { ApacheSection } from "../../ast/apache.js";
import { directoryPath, sectionVerdict } from "./access.js";
import { sectionsNear, unnarrowedSections } from "./cover-index.js";
import type { ApacheEntry, ApacheServer } from "./server.js";
import { sectionsCover, type WsgiApp } from "./wsgi-apps.js";

/** Sections that can grant access to the script besides a `<Directory>` for its directory. */
export const OTHER_GRANTS = ["Directory", "DirectoryMatch", "Files", "FilesMatch", "Location", "LocationMatch", "If", "ElseIf", "Else"];

/** A section that is not a literal `<Directory>` (weighed by directoryAccess already) and whose own rules grant something. */
function mayGrant(server: ApacheServer, s: ApacheEntry<ApacheSection>): boolean {
  if (s.node.key === "directory" && directoryPath(s.node) !== null) return false;
  const verdict = sectionVerdict(server, s.node);
  return verdict !== null && verdict !== "denied";
}

const granting = new WeakMap<ApacheServer, Map<ApacheSection | null, ApacheEntry<ApacheSection>[]>>();

/** The unnarrowed sections a host sees that may grant (per server and host, once). */
function unnarrowedGrants(server: ApacheServer, vhost: ApacheSection | null): ApacheEntry<ApacheSection>[] {
  let byHost = granting.get(server);
  if (!byHost) granting.set(server, (byHost = new Map()));
  let hit = byHost.get(vhost);
  if (!hit) byHost.set(vhost, (hit = unnarrowedSections(server, OTHER_GRANTS, vhost).filter((s) => mayGrant(server, s))));
  return hit;
}

function grantsApp(server: ApacheServer, s: ApacheEntry<ApacheSection>, app: WsgiApp, denier: ApacheSection): boolean {
  return s.node !== denier && sectionsCover([...s.sections, s.node], app) !== false;
}

/** Whether some section other than `denier` that is not a plain denial may grant the app's script. */
export function otherGrantMayApply(server: ApacheServer, app: WsgiApp, denier: ApacheSection): boolean {
  const at = { vhost: app.entry.vhost, dir: app.dir, url: app.url, script: app.script, rest: false };
  for (const s of sectionsNear(server, OTHER_GRANTS, at)) if (mayGrant(server, s) && grantsApp(server, s, app, denier)) return true;
  for (const s of unnarrowedGrants(server, app.entry.vhost)) if (grantsApp(server, s, app, denier)) return true;
  return false;
}
