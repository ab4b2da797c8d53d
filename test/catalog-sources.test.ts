/**
 * Where each catalog entry comes from: every directive of the three catalogs
 * names a source (its own `source`, else its module's) with a title and a
 * public address; what the catalogs mark third-party agrees with their
 * sources; the name families used for suggestions belong to their modules.
 */
import apache from "../src/catalog/data/apache.json" with { type: "json" };
import lighttpd from "../src/catalog/data/lighttpd.json" with { type: "json" };
import nginx from "../src/catalog/data/nginx.json" with { type: "json" };

interface Source {
  title: string;
  url: string;
  thirdParty?: boolean;
}

function checkSource(where: string, s: Source | undefined): string[] {
  if (!s) return [`${where}: no source`];
  const bad: string[] = [];
  if (!s.title || s.title.length < 10) bad.push(`${where}: source without a title`);
  if (!/^https:\/\/[\w.-]+\/\S*$/.test(s.url ?? "")) bad.push(`${where}: source without a public address (${s.url})`);
  return bad;
}

describe("the Apache catalog", () => {
  const sources = apache.sources as Record<string, Source>;
  const moduleSources = apache.moduleSources as Record<string, string>;
  const entries = apache.directives as { name: string; module: string | string[]; source?: string; thirdParty?: boolean }[];

  test("records a source for every entry, and third-party exactly where every module of the entry is", () => {
    const bad: string[] = [];
    for (const e of entries) {
      const keys = e.source ? [e.source] : [e.module].flat().map((m) => moduleSources[m]);
      for (const k of keys) bad.push(...checkSource(e.name, sources[k]));
      const third = [e.module].flat().every((m) => sources[moduleSources[m]]?.thirdParty === true);
      if (!!e.thirdParty !== third) bad.push(`${e.name}: thirdParty ${!!e.thirdParty}, its modules' sources say ${third}`);
    }
    expect(bad).toEqual([]);
    for (const m of [...apache.modules, ...apache.compiledIn]) expect([m, sources[moduleSources[m]] ? "has a source" : "none"]).toEqual([m, "has a source"]);
  });

  test("marks the modules outside the httpd distribution as third-party, and httpd's own as not", () => {
    const third = (m: string) => sources[moduleSources[m]]?.thirdParty === true;
    for (const m of ["wsgi", "python", "fcgid", "fastcgi", "perl", "uwsgi", "xsendfile", "passenger", "rpaf", "evasive20", "auth_mellon", "mod_shib", "php"]) {
      expect([m, third(m)]).toEqual([m, true]);
    }
    for (const m of ["core", "rewrite", "proxy", "ssl", "mpm_event", "authz_core"]) expect([m, third(m)]).toEqual([m, false]);
  });

  test("the hand-written entries (mod_fastcgi) say where they were checked", () => {
    const hand = entries.filter((e) => e.source);
    expect(hand.map((e) => e.name).sort()).toEqual(
      [
        "AppClass",
        "ExternalAppClass",
        "FCGIConfig",
        "FastCgiConfig",
        "FastCgiExternalServer",
        "FastCgiIpcDir",
        "FastCgiServer",
        "FastCgiSuexec",
        "FastCgiWrapper",
      ].sort(),
    );
    for (const e of hand) expect(sources[e.source as string].url).toMatch(/mod_fastcgi/);
  });

  test("each third-party name prefix is only that module's", () => {
    for (const [module, prefix] of Object.entries(apache.families as Record<string, string>)) {
      const hits = entries.filter((e) => e.name.replace(/^</, "").toLowerCase().startsWith(prefix));
      expect([prefix, hits.length > 0]).toEqual([prefix, true]);
      for (const e of hits) expect([e.name, e.thirdParty]).toEqual([e.name, true]);
      expect([prefix, hits.some((e) => [e.module].flat().includes(module))]).toEqual([prefix, true]);
    }
  });
});

describe("the nginx catalog", () => {
  const sources = nginx.sources as Record<string, Source>;
  const moduleSources = nginx.moduleSources as Record<string, string>;
  const entries = nginx.directives as { name: string; module: string; source?: string; versions?: string; thirdParty?: boolean }[];

  test("records a source for every entry, and third-party where its source is", () => {
    const bad: string[] = [];
    for (const e of entries) {
      const key = e.source ?? moduleSources[e.module];
      bad.push(...checkSource(`${e.name} (${e.module})`, sources[key]));
      if (!!e.thirdParty !== !!sources[key]?.thirdParty) bad.push(`${e.name}: thirdParty ${!!e.thirdParty}, its source says ${!!sources[key]?.thirdParty}`);
    }
    expect(bad).toEqual([]);
  });

  test("entries not read from a module table (other versions, the commercial subscription) each carry their own source and versions", () => {
    const hand = entries.filter((e) => e.versions);
    expect(hand.length).toBeGreaterThan(60);
    for (const e of hand) {
      expect([e.name, typeof e.source]).toEqual([e.name, "string"]);
      expect([e.name, sources[e.source as string].url]).toEqual([
        e.name,
        expect.stringMatching(/^https:\/\/(nginx\.org\/en\/docs\/|github\.com\/nginx\/(nginx|njs)\/blob\/)/),
      ]);
    }
  });

  test("third-party modules are marked, nginx's own (njs included) are not", () => {
    const third = (m: string) => entries.filter((e) => e.module === m).every((e) => e.thirdParty);
    for (const m of [
      "ngx_http_headers_more_filter_module",
      "ngx_http_lua_module",
      "ngx_stream_lua_module",
      "ndk_http_module",
      "ngx_http_brotli_filter_module",
      "ngx_http_geoip2_module",
      "ngx_http_vhost_traffic_status_module",
      "ngx_http_passenger_module",
    ]) {
      expect([m, entries.some((e) => e.module === m) && third(m)]).toEqual([m, true]);
    }
    for (const m of ["ngx_http_core_module", "ngx_http_proxy_module", "ngx_http_js_module", "ngx_stream_module", "ngx_http_geoip_module"]) {
      expect([m, entries.some((e) => e.module === m && e.thirdParty)]).toEqual([m, false]);
    }
  });

  test("each third-party name family matches only its modules' names", () => {
    for (const f of nginx.families as { pattern: string; modules: string[] }[]) {
      const re = new RegExp(f.pattern);
      const hits = entries.filter((e) => re.test(e.name));
      expect([f.pattern, hits.length > 0]).toEqual([f.pattern, true]);
      for (const e of hits) expect([e.name, f.modules.includes(e.module)]).toEqual([e.name, true]);
    }
  });
});

describe("the lighttpd catalog", () => {
  test("records a source for every option; those of older releases name the last release whose source reads them", () => {
    const sources = lighttpd.sources as Record<string, Source>;
    const options = lighttpd.options as { name: string; legacy?: boolean; source?: string; versions?: string }[];
    const bad: string[] = [];
    for (const o of options) bad.push(...checkSource(o.name, sources[o.source ?? lighttpd.defaultSource]));
    const legacy = options.filter((o) => o.legacy);
    expect(legacy.length).toBeGreaterThan(40);
    for (const o of legacy) {
      if (!/^1\.4\.\d+-1\.4\.\d+$/.test(o.versions ?? "")) bad.push(`${o.name}: versions ${o.versions}`);
      const last = o.versions?.split("-")[1];
      if (!o.source || !sources[o.source]?.url.includes(`/lighttpd-${last}/`)) bad.push(`${o.name}: source ${o.source} is not release ${last}`);
    }
    expect(bad).toEqual([]);
  });
});
