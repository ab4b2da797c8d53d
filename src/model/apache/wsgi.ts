/**
 * mod_wsgi's daemon process groups as defined: `WSGIDaemonProcess name
 * opt=value ...` at server or virtual-host level. Which group an application
 * runs in, and which definition it sees, is decided in one place:
 * wsgi-apps.ts (processGroupOf, daemonOf).
 */
import type { ApacheDirective } from "../../ast/apache.js";
import type { ApacheEntry, ApacheServer } from "./server.js";

export interface WsgiDaemon {
  name: string;
  entry: ApacheEntry<ApacheDirective>;
  options: Map<string, string>;
}

/**
 * `name=value` options of mod_wsgi's directives. mod_wsgi reads them itself (wsgi_parse_option in mod_wsgi.c) and
 * takes a value in single or double quotes without them: `python-path='/srv/app'`, as mod_wsgi-express writes it.
 */
export function parseOptions(args: { value: string }[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const a of args) {
    const eq = a.value.indexOf("=");
    if (eq > 0) m.set(a.value.slice(0, eq).toLowerCase(), optionValue(a.value.slice(eq + 1)));
  }
  return m;
}

/** An option's value as mod_wsgi takes it: one pair of quotes around it removed. */
export function optionValue(v: string): string {
  return v.length >= 2 && (v[0] === "'" || v[0] === '"') && v[v.length - 1] === v[0] ? v.slice(1, -1) : v;
}

const daemonsOf = new WeakMap<ApacheServer, WsgiDaemon[]>();

/** Every daemon group of the server, parsed once per server (rules ask per application). */
export function wsgiDaemons(server: ApacheServer): WsgiDaemon[] {
  let daemons = daemonsOf.get(server);
  if (!daemons) {
    daemons = server
      .directives("WSGIDaemonProcess")
      .filter((e) => e.node.args[0])
      .map((e) => ({ name: e.node.args[0].value, entry: e, options: parseOptions(e.node.args.slice(1)) }));
    Object.freeze(daemons);
    daemonsOf.set(server, daemons);
  }
  return daemons;
}

const byNameOf = new WeakMap<ApacheServer, Map<string, WsgiDaemon[]>>();

/** Daemon groups by name, in config order (a name may be defined once per host). */
export function wsgiDaemonsNamed(server: ApacheServer, name: string): readonly WsgiDaemon[] {
  let byName = byNameOf.get(server);
  if (!byName) {
    byName = new Map();
    for (const d of wsgiDaemons(server)) {
      const list = byName.get(d.name);
      if (list) list.push(d);
      else byName.set(d.name, [d]);
    }
    byNameOf.set(server, byName);
  }
  return byName.get(name) ?? [];
}
