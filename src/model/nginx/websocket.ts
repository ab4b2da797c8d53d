/**
 * WebSocket proxying (nginx "WebSocket proxying"): the Upgrade handshake is
 * hop-by-hop, so nginx passes it on only when the location speaks HTTP/1.1
 * to the backend and sets `Upgrade` and `Connection` itself:
 *
 *     proxy_http_version 1.1;
 *     proxy_set_header Upgrade $http_upgrade;
 *     proxy_set_header Connection "upgrade";   # or a map of $http_upgrade
 */
import type { NginxDirective } from "../../ast/nginx.js";
import { headerName } from "./headers.js";
import { settingInEffect } from "./inherit.js";
import type { Location, NginxEntry, NginxServer, Scope } from "./server.js";
import { variablesIn } from "./variables.js";

/** Path segments that name a websocket endpoint (Channels' `/ws/`, Socket.IO, Action Cable). */
const WS_PATH = /(^|\/)(ws|wss|websockets?|socket\.io|cable)(\/|$|\?|\$|\))/i;

/** Why a location proxies websockets: its path names them, or it already forwards `Upgrade`. Null when nothing says so. */
export function websocketEvidence(server: NginxServer, loc: Location, pass: NginxEntry<NginxDirective>): "path" | "upgrade" | null {
  if (WS_PATH.test(loc.path.replace(/\\/g, ""))) return "path";
  if (server.directivesInEffect("proxy_set_header", pass.scope).entries.some((e) => headerName(e) === "upgrade")) return "upgrade";
  return null;
}

export interface UpgradeSetup {
  httpVersion: boolean;
  upgrade: boolean;
  connection: boolean;
  /** The proxy_set_header directives in effect come from an enclosing level (adding one here would drop them). */
  inheritedHeaders: boolean;
  /** An Upgrade or Connection header is set, to something else: adding another would send both. */
  otherValue: boolean;
  unsure: boolean;
}

/** Whether a map turns `$http_upgrade` into the Connection value (`map $http_upgrade $connection_upgrade { ... }`). */
function isUpgradeMap(server: NginxServer, variable: string): boolean {
  return server.mapsDefining(variable).some((m) => m.node.args[0]?.value.toLowerCase() === "$http_upgrade");
}

/** Whether a map or a set in the linted files defines the variable. */
function definedHere(server: NginxServer, name: string): boolean {
  return server.mapsDefining(name).length > 0 || server.isSetAnywhere(name);
}

/** Which parts of the WebSocket setup are in effect where a pass directive sits. */
export function upgradeSetup(server: NginxServer, scope: Scope): UpgradeSetup {
  const version = settingInEffect(server, scope, "proxy_http_version");
  const headers = server.directivesInEffect("proxy_set_header", scope);
  const named = (n: string) => headers.entries.filter((e) => headerName(e) === n).map((e) => e.node.args[1]?.value ?? "");
  const upgrade = named("upgrade").some((v) => /^\$\{?http_upgrade\}?$/i.test(v));
  const connection = named("connection").some((v) => {
    if (/^upgrade$/i.test(v) || /^\$\{?http_connection\}?$/i.test(v)) return true;
    const vars = variablesIn(v);
    if (vars.length !== 1 || v !== v.slice(vars[0].start, vars[0].end)) return false;
    const name = `$${vars[0].name}`;
    // A variable the linted files never define: its map is in a file not linted (nginx.conf), as the nginx documentation places it.
    return isUpgradeMap(server, name) || !definedHere(server, name);
  });
  return {
    httpVersion: version.entry?.node.args[0]?.value === "1.1",
    upgrade,
    connection,
    otherValue: (!upgrade && named("upgrade").length > 0) || (!connection && named("connection").length > 0),
    inheritedHeaders: headers.level !== null && headers.level !== scope,
    unsure: version.unsure || headers.unsure,
  };
}
