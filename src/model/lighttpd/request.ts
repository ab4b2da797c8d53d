/**
 * The options lighttpd applies to one request: the global context, then every
 * conditional context whose tests hold, in config order, each overriding
 * what came before. Tests on the URL (`$HTTP["url"] =~ "^/media/"`, `==`,
 * `=^`, `=$`, their negations and `else` chains) are decided for a sample
 * URL; the contexts a given block sits in are taken to hold (the host it
 * serves); any other test (another host, the client address, a header) is
 * undecidable, so a setting there makes the answer uncertain.
 */
import type { LighttpdCondition, LighttpdTest } from "../../ast/lighttpd.js";
import type { LighttpdContext, LighttpdServer, Setting } from "./server.js";

type Tri = "yes" | "no" | "unknown";

export interface OptionAtUrl {
  /** The setting in effect, as last applied; undefined for lighttpd's default. */
  setting: Setting | undefined;
  /** A context that may or may not apply sets it differently. */
  unsure: boolean;
}

const isUrlTest = (t: LighttpdTest | null): boolean => t?.variable === "HTTP" && t.field?.kind === "arg" && t.field.value === "url";

/** Whether one test holds for a URL: `unknown` for tests of anything but the URL, or a pattern JavaScript cannot read. */
export function urlTest(t: LighttpdTest, url: string): Tri {
  if (!isUrlTest(t) || t.pattern?.kind !== "arg" || t.pattern.type !== "string") return "unknown";
  const p = t.pattern.value;
  let hit: boolean;
  switch (t.op) {
    case "==":
    case "!=":
      hit = url === p;
      break;
    case "=^":
      hit = url.startsWith(p);
      break;
    case "=$":
      hit = url.endsWith(p);
      break;
    default:
      try {
        hit = new RegExp(p).test(url);
      } catch {
        return "unknown";
      }
  }
  const negated = t.op === "!=" || t.op === "!~";
  return hit !== negated ? "yes" : "no";
}

/** Whether a block's condition holds for a URL, `else` chains included. */
function blockHolds(b: LighttpdCondition, url: string): Tri {
  let own: Tri = b.test ? urlTest(b.test, url) : "yes";
  // An `else`/`elseif` holds only when every earlier branch failed.
  for (let p = b.prev; p; p = p.prev) {
    const earlier = p.test ? urlTest(p.test, url) : "unknown";
    if (earlier === "yes") return "no";
    if (earlier === "unknown") own = own === "no" ? "no" : "unknown";
  }
  return own;
}

/** Whether a context applies to a request for `url` served by the host of `base`. */
export function contextApplies(ctx: LighttpdContext, base: LighttpdContext, url: string): Tri {
  const around = new Set<LighttpdContext>();
  for (let c: LighttpdContext | null = base; c; c = c.parent) around.add(c);
  let out: Tri = "yes";
  for (let c: LighttpdContext | null = ctx; c && !around.has(c); c = c.parent) {
    let any: Tri = "no";
    for (const b of c.blocks) {
      const h = blockHolds(b, url);
      if (h === "yes") any = "yes";
      else if (h === "unknown" && any === "no") any = "unknown";
    }
    if (any === "no") return "no";
    if (any === "unknown") out = "unknown";
  }
  return out;
}

/**
 * The setting of one of `keys` (names of one option) in effect for a request
 * to `url` in the host of `base`. Within one context the later key of `keys`
 * wins (lighttpd 1.4.69 lets `server.dir-listing` win over
 * `dir-listing.activate` set beside it, whatever their order).
 */
const settingContexts = new WeakMap<LighttpdServer, Map<string, LighttpdContext[]>>();

/** The contexts that set one of `keys`, in order: found once per server, as rules ask per URL prefix. */
function contextsSetting(server: LighttpdServer, keys: string[]): LighttpdContext[] {
  let byKeys = settingContexts.get(server);
  if (!byKeys) settingContexts.set(server, (byKeys = new Map()));
  const key = keys.join("\0");
  let hit = byKeys.get(key);
  if (!hit) byKeys.set(key, (hit = server.contexts.filter((ctx) => keys.some((k) => ctx.settings.has(k)))));
  return hit;
}

export function optionAtUrl(server: LighttpdServer, base: LighttpdContext, url: string, keys: string[]): OptionAtUrl {
  let setting: Setting | undefined;
  let unsure = false;
  for (const ctx of contextsSetting(server, keys)) {
    const own = keys.map((k) => ctx.settings.get(k)).filter((s): s is Setting => s !== undefined);
    if (!own.length) continue;
    const applies = contextApplies(ctx, base, url);
    if (applies === "no") continue;
    const last = own[own.length - 1];
    if (applies === "unknown") {
      if (!same(last, setting)) unsure = true;
      continue;
    }
    setting = last;
  }
  return { setting, unsure };
}

const same = (a: Setting, b: Setting | undefined) =>
  b !== undefined && a.value.type === "string" && b.value.type === "string" && a.value.value === b.value.value;
