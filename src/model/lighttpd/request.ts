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
import { configRegex } from "../../core/config-regex.js";

type Tri = "yes" | "no" | "unknown";

export interface OptionAtUrl {
  /** The setting in effect, as last applied; undefined for lighttpd's default. */
  setting: Setting | undefined;
  /** A context that may or may not apply sets it differently. */
  unsure: boolean;
}

/** Whether a test reads `$VARIABLE["field"]` (`$HTTP["host"]`, `$SERVER["socket"]`), the field in any case. */
export const testsField = (t: LighttpdTest | null, variable: string, field: string): boolean =>
  !!t && t.variable === variable && t.field?.kind === "arg" && t.field.value.toLowerCase() === field;

/** The nearest context at or above `ctx` whose condition tests the host (the `$HTTP["host"]` block that names a site), or null. */
export function hostContextOf(ctx: LighttpdContext | null): LighttpdContext | null {
  for (let c = ctx; c; c = c.parent) if (c.blocks.some((b) => testsField(b.test, "HTTP", "host"))) return c;
  return null;
}

/** Whether `c` is `ctx` or a context inside it (a condition nested in a host's block). */
export function isWithin(c: LighttpdContext | null, ctx: LighttpdContext): boolean {
  for (; c; c = c.parent) if (c === ctx) return true;
  return false;
}

/**
 * Whether a backend's `"host"` is a unix socket: lighttpd's backends (mod_proxy, mod_fastcgi, mod_scgi) read a host
 * that is a path as one (checked with lighttpd 1.4.69).
 */
export const isSocketPath = (host: string): boolean => host.startsWith("/");

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
    default: {
      const re = configRegex(p);
      if (!re) return "unknown";
      hit = re.test(url);
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

/** Whether one of a context's blocks (an `else` chain's conditions) holds for `url`. */
function someBlockHolds(c: LighttpdContext, url: string): Tri {
  let any: Tri = "no";
  for (const b of c.blocks) {
    const h = blockHolds(b, url);
    if (h === "yes") return "yes";
    if (h === "unknown") any = "unknown";
  }
  return any;
}

/** Whether a context applies to a request for `url` served by the host of `base`. */
export function contextApplies(ctx: LighttpdContext, base: LighttpdContext, url: string): Tri {
  const around = new Set<LighttpdContext>();
  for (let c: LighttpdContext | null = base; c; c = c.parent) around.add(c);
  let out: Tri = "yes";
  for (let c: LighttpdContext | null = ctx; c && !around.has(c); c = c.parent) {
    const any = someBlockHolds(c, url);
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
 *
 * As if every context that sets the option were weighed in config order
 * (contextApplies: "yes" sets it, "unknown" with another value makes the
 * answer unsure, "no" is passed over), but through an index built once per
 * server and keys: rules ask per host and URL prefix, and a fleet whose hosts
 * each set the option made that hosts x hosts. Whether a context applies
 * depends only on its tests below the lowest context it shares with `base`
 * (the anchor): contexts are grouped, per anchor, by those tests as
 * contextApplies reads them (a test of anything but the URL reads the same
 * whatever it says), and each group is weighed once per question; groups whose
 * tests need a URL prefix that `url` lacks are not looked at.
 */
export function optionAtUrl(server: LighttpdServer, base: LighttpdContext, url: string, keys: string[]): OptionAtUrl {
  const ix = settingIndex(server, keys);
  // The anchors from `base` up; at each, the groups below it, without those below the previous anchor.
  const events: Member[] = [];
  const unsureGroups: { group: Group; except: LighttpdContext | null }[] = [];
  let below: LighttpdContext | null = null;
  for (let a: LighttpdContext | null = base; a; below = a, a = a.parent) {
    const anchor = ix.anchor(a);
    if (!anchor) continue;
    for (const group of anchor.candidates(url)) {
      const applies = group.applies(a, url);
      if (applies === "no") continue;
      if (applies === "yes") {
        for (const m of group.members) if (m.child !== below || below === null) events.push(m);
      } else unsureGroups.push({ group, except: below });
    }
  }
  events.sort((x, y) => x.pos - y.pos);
  // The setting between events; an "unknown" context in a stretch makes the answer unsure when its value differs.
  let setting: Setting | undefined;
  let unsure = false;
  for (let k = 0; k <= events.length && !unsure; k++) {
    const from = k === 0 ? -1 : (events[k - 1] as Member).pos;
    const to = k === events.length ? Infinity : (events[k] as Member).pos;
    for (const { group, except } of unsureGroups)
      if (group.differs(from, to, setting, except)) {
        unsure = true;
        break;
      }
    if (k < events.length) setting = (events[k] as Member).setting;
  }
  if (unsure) setting = events.length ? (events[events.length - 1] as Member).setting : undefined;
  return { setting, unsure };
}

/** A context that sets the option: its place in config order, the setting that wins in it, and its ancestor just below the anchor. */
interface Member {
  pos: number;
  setting: Setting;
  /** The context's ancestor (or itself) just below the anchor; null for the anchor itself. */
  child: LighttpdContext | null;
}

/** Positions in config order, ascending, by the string value set (non-string values never count as the same). */
class Positions {
  all: number[] = [];
  byValue = new Map<string, number[]>();
  add(m: Member) {
    this.all.push(m.pos);
    if (m.setting.value.type === "string") {
      const v = m.setting.value.value;
      const list = this.byValue.get(v);
      if (list) list.push(m.pos);
      else this.byValue.set(v, [m.pos]);
    }
  }
  /** How many positions in (from, to), and how many of those set `setting`'s value. */
  count(from: number, to: number, setting: Setting | undefined): { all: number; same: number } {
    const all = between(this.all, from, to);
    const v = setting?.value.type === "string" ? this.byValue.get(setting.value.value) : undefined;
    return { all, same: v ? between(v, from, to) : 0 };
  }
}

/** The number of items of an ascending list strictly between `from` and `to`. */
function between(sorted: number[], from: number, to: number): number {
  return firstAbove(sorted, to - 0.5) - firstAbove(sorted, from);
}

function firstAbove(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Contexts below one anchor whose tests below it read alike: they apply, or not, together. */
class Group {
  members: Member[] = [];
  private positions = new Positions();
  private byChild = new Map<LighttpdContext | null, Positions>();
  constructor(
    /** One member: its tests stand for the group's. */
    private rep: LighttpdContext,
  ) {}
  add(m: Member) {
    this.members.push(m);
    this.positions.add(m);
    let p = this.byChild.get(m.child);
    if (!p) this.byChild.set(m.child, (p = new Positions()));
    p.add(m);
  }
  /** contextApplies for the group's contexts, with `anchor` the lowest context they share with the asking one. */
  applies(anchor: LighttpdContext, url: string): Tri {
    let out: Tri = "yes";
    for (let c: LighttpdContext | null = this.rep; c && c !== anchor; c = c.parent) {
      const any = someBlockHolds(c, url);
      if (any === "no") return "no";
      if (any === "unknown") out = "unknown";
    }
    return out;
  }
  /** Whether a member placed strictly between `from` and `to` (not below `except`) sets another value than `setting`. */
  differs(from: number, to: number, setting: Setting | undefined, except: LighttpdContext | null): boolean {
    const c = this.positions.count(from, to, setting);
    const x = except ? this.byChild.get(except)?.count(from, to, setting) : undefined;
    const all = c.all - (x?.all ?? 0);
    const sameValue = c.same - (x?.same ?? 0);
    return all > 0 && (setting === undefined || setting.value.type !== "string" || all > sameValue);
  }
}

/** The groups below one anchor, by the URL prefix their tests require ("" for none). */
class Anchor {
  private byPrefix = new Map<string, Group[]>();
  private longest = 0;
  add(group: Group, prefix: string) {
    const list = this.byPrefix.get(prefix);
    if (list) list.push(group);
    else this.byPrefix.set(prefix, [group]);
    this.longest = Math.max(this.longest, prefix.length);
  }
  /** The groups that may apply to `url`: those with no required prefix, and those whose prefix `url` starts with. */
  *candidates(url: string): Iterable<Group> {
    for (let n = 0; n <= Math.min(url.length, this.longest); n++) yield* this.byPrefix.get(url.slice(0, n)) ?? [];
  }
}

interface SettingIndex {
  anchor(a: LighttpdContext): Anchor | undefined;
}

const settingIndexes = new WeakMap<LighttpdServer, Map<string, SettingIndex>>();

function settingIndex(server: LighttpdServer, keys: string[]): SettingIndex {
  let byKeys = settingIndexes.get(server);
  if (!byKeys) settingIndexes.set(server, (byKeys = new Map()));
  const key = keys.join("\0");
  let ix = byKeys.get(key);
  if (!ix) byKeys.set(key, (ix = buildSettingIndex(server, keys)));
  return ix;
}

function buildSettingIndex(server: LighttpdServer, keys: string[]): SettingIndex {
  // Every context that sets the option, with each of its anchors (itself and its ancestors).
  const under = new Map<LighttpdContext, { ctx: LighttpdContext; m: Member }[]>();
  server.contexts.forEach((ctx, pos) => {
    const own = keys.map((k) => ctx.settings.get(k)).filter((s): s is Setting => s !== undefined);
    if (!own.length) return;
    const setting = own[own.length - 1] as Setting;
    let child: LighttpdContext | null = null;
    for (let a: LighttpdContext | null = ctx; a; child = a, a = a.parent) {
      let list = under.get(a);
      if (!list) under.set(a, (list = []));
      list.push({ ctx, m: { pos, setting, child } });
    }
  });
  const anchors = new Map<LighttpdContext, Anchor>();
  return {
    anchor(a) {
      let anchor = anchors.get(a);
      if (anchor) return anchor;
      const list = under.get(a);
      if (!list) return undefined;
      anchor = new Anchor();
      const groups = new Map<string, Group>();
      for (const { ctx, m } of list) {
        const { signature, prefix } = testsBelow(ctx, a);
        let g = groups.get(signature);
        if (!g) {
          groups.set(signature, (g = new Group(ctx)));
          anchor.add(g, prefix);
        }
        g.add(m);
      }
      anchors.set(a, anchor);
      return anchor;
    },
  };
}

/** A test as urlTest reads it: every test of anything but a string URL pattern reads "unknown". */
function testKey(t: LighttpdTest | null, absent: string): string {
  if (!t) return absent;
  if (!isUrlTest(t) || t.pattern?.kind !== "arg" || t.pattern.type !== "string") return "?";
  return `${t.op} ${t.pattern.value}`;
}

/**
 * The tests of a context and its ancestors below `anchor`, as blockHolds reads them (a key equal for contexts that
 * apply alike to every URL), and a URL prefix without which they cannot all hold ("" when none is known).
 */
function testsBelow(ctx: LighttpdContext, anchor: LighttpdContext): { signature: string; prefix: string } {
  const levels: string[][][] = [];
  let prefix = "";
  for (let c: LighttpdContext | null = ctx; c && c !== anchor; c = c.parent) {
    levels.push(
      c.blocks.map((b) => {
        const tests = [testKey(b.test, "Y")];
        for (let p = b.prev; p; p = p.prev) tests.push(testKey(p.test, "U"));
        return tests;
      }),
    );
    // A level holds only when one of its blocks' own tests does: a prefix each of them needs (one block: its own).
    const needed = c.blocks.length === 1 && c.blocks[0]?.test ? requiredPrefix(c.blocks[0].test) : "";
    if (needed.length > prefix.length) prefix = needed;
  }
  return { signature: JSON.stringify(levels), prefix };
}

/**
 * A prefix every URL the test holds for starts with ("" when none is known): `=^` and `==` literally; `=~` when the
 * regex starts with `^` and literal characters (no alternation anywhere, the last literal dropped when a quantifier
 * may skip it).
 */
export function requiredPrefix(t: LighttpdTest): string {
  if (!isUrlTest(t) || t.pattern?.kind !== "arg" || t.pattern.type !== "string") return "";
  const p = t.pattern.value;
  if (t.op === "=^" || t.op === "==") return p;
  if (t.op !== "=~" || !p.startsWith("^") || p.includes("|")) return "";
  let out = "";
  for (let i = 1; i < p.length; i++) {
    const ch = p[i] as string;
    if (/[A-Za-z0-9/_-]/.test(ch)) out += ch;
    else if (ch === "\\" && i + 1 < p.length && /[./-]/.test(p[i + 1] as string)) out += p[++i];
    else {
      if (/[?*{]/.test(ch)) out = out.slice(0, -1);
      break;
    }
  }
  return out;
}
