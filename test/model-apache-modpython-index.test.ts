/**
 * mod_python's "in effect" and "may apply" (src/model/apache/modpython.ts)
 * take their candidates from an index of each name's directives by the
 * section they sit in. The answers must be those of the scan over every
 * directive the context's host sees: checked for every section and
 * directive of a hand-written server with the traps (nested and overlapping
 * `<Location>` paths, a path that only shares a prefix, trailing and doubled
 * slashes, regex forms, `<Directory>` with `<Files>`, conditionals, `<Proxy>`,
 * two hosts, server level) and of a generated one of few large hosts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { byMergeOrder } from "../src/model/apache/merge.js";
import { entryContext, lastInEffect, mayApply, mayApplyCandidates, sectionContext, strictlyApplies, type ContextLike } from "../src/model/apache/modpython.js";
import { ApacheServer } from "../src/model/apache/server.js";
// @ts-expect-error: a plain ESM script without type declarations
import { generateTree } from "../bench/generate.mjs";
import { apacheServerOf } from "./support/apache-server.js";

const HAND = `
LoadModule python_module /usr/lib/apache2/modules/mod_python.so
PythonAutoReload On
SetHandler None
<Location />
    PythonDebug On
</Location>
<Location /a>
    SetHandler python-program
    PythonHandler django.core.handlers.modpython
    PythonAutoReload Off
</Location>
<VirtualHost *:80>
    ServerName one.example.com
    SetEnv DJANGO_SETTINGS_MODULE one.settings
    PythonInterpreter one
    <Location /a>
        SetHandler python-program
        PythonHandler django.core.handlers.modpython
        PythonAutoReload On
    </Location>
    <Location /a/b/>
        PythonAutoReload Off
        PythonOption DJANGO_SETTINGS_MODULE one.b
    </Location>
    <Location /ab>
        SetHandler python-program
        PythonHandler django.core.handlers.modpython
        PythonInterpreter ab
    </Location>
    <Location /a//c>
        SetHandler python-program
        PythonHandler django.core.handlers.modpython::handler
        PythonAutoReload Off
    </Location>
    <Location ~ "^/a/re">
        PythonAutoReload Off
    </Location>
    <LocationMatch "^/ab/">
        SetEnv DJANGO_SETTINGS_MODULE one.ab
    </LocationMatch>
    <IfModule python_module>
        <Location /a/b/deep>
            SetHandler python-program
            PythonHandler django.core.handlers.modpython
            PythonInterpreter deep
        </Location>
    </IfModule>
    <Directory /srv/one>
        SetHandler python-program
        PythonHandler django.core.handlers.modpython
        PythonAutoReload Off
        <Files "*.py">
            SetHandler None
            PythonInterpreter files
        </Files>
    </Directory>
    <Directory /srv/one/sub>
        PythonAutoReload On
    </Directory>
    <Directory /srv/*/sub>
        PythonInterpreter wild
    </Directory>
    <Proxy "*">
        SetHandler None
    </Proxy>
</VirtualHost>
<VirtualHost *:80>
    ServerName two.example.com
    SetHandler python-program
    PythonHandler django.core.handlers.modpython
    <Location /a/b>
        PythonAutoReload Off
        SetEnv DJANGO_SETTINGS_MODULE two.b
    </Location>
    <Location />
        PythonAutoReload On
    </Location>
</VirtualHost>
`;

const NAMES = ["SetHandler", "PythonHandler", "PythonAutoReload", "PythonInterpreter", "PythonDebug", "SetEnv", "PythonOption"];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-modpython-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function servers(): [string, ApacheServer][] {
  const hand = path.join(tmp, "hand", "apache2.conf");
  fs.mkdirSync(path.dirname(hand), { recursive: true });
  fs.writeFileSync(hand, HAND);
  // One generated site in twenty keeps a <Location> under mod_python: 200 sites on three hosts give ten.
  const fat = (generateTree as (o: object) => { entry: string })({ dialect: "apache", variant: "fat", sites: 200, dir: path.join(tmp, "fat") });
  return [
    ["hand-written", apacheServerOf(hand)],
    ["generated, few large hosts", apacheServerOf(fat.entry)],
  ];
}

/** Every context a rule may ask about: server level, each section, each directive's place. */
function contexts(server: ApacheServer): ContextLike[] {
  const out: ContextLike[] = [{ scope: null, vhost: null, scopes: [] }];
  for (const name of ["VirtualHost", "Location", "LocationMatch", "Directory", "Files", "Proxy", "IfModule"])
    for (const s of server.sections(name)) out.push(sectionContext(s));
  for (const name of NAMES) for (const d of server.directives(name)) out.push(entryContext(d));
  return out;
}

const where = (c: ContextLike) => (c.scope ? `${c.scope.name} ${c.scope.args.map((a) => a.raw).join(" ")} line ${c.scope.openRange.line}` : "server level");
const line = (d: { node: { range: { line: number } } } | null) => d?.node.range.line ?? null;

describe.each(servers())("%s server", (_, server) => {
  const all = contexts(server);

  test("has mod_python contexts and directives to ask about", () => {
    expect(all.length).toBeGreaterThan(20);
    expect(server.directives("PythonAutoReload").length).toBeGreaterThan(4);
  });

  test("lastInEffect is the last by merge order of what the host sees that strictlyApplies", () => {
    let found = 0;
    for (const c of all)
      for (const name of NAMES) {
        const hits = server.directivesSeenBy(name, c.vhost).filter((d) => strictlyApplies(d, c));
        hits.sort(byMergeOrder);
        const scanned = hits[hits.length - 1] ?? null;
        if (scanned) found++;
        expect({ at: where(c), name, line: line(lastInEffect(server, name, c)) }).toEqual({ at: where(c), name, line: line(scanned) });
      }
    expect(found).toBeGreaterThan(50);
  });

  test("mayApplyCandidates keeps every directive that mayApply accepts, in read order", () => {
    let accepted = 0;
    for (const c of all)
      for (const name of NAMES) {
        const pool = c.vhost === null ? server.directives(name) : server.directivesSeenBy(name, c.vhost);
        const scanned = pool.filter((d) => mayApply(d, c)).map((d) => d.order);
        accepted += scanned.length;
        const indexed = mayApplyCandidates(server, name, c)
          .filter((d) => mayApply(d, c))
          .map((d) => d.order);
        expect({ at: where(c), name, orders: indexed }).toEqual({ at: where(c), name, orders: scanned });
      }
    expect(accepted).toBeGreaterThan(all.length);
  });
});
