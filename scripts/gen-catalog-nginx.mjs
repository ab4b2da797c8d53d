#!/usr/bin/env node
/**
 * Writes src/catalog/data/nginx.json: every directive nginx knows, read from
 * the module tables (ngx_module_t / ngx_command_t) compiled into a local nginx
 * binary and Debian's dynamic modules, from the command tables in the C source
 * of third-party modules Debian does not package (SOURCE_MODULES), plus
 * directives of other nginx versions and of the commercial subscription
 * (EXTRA below, each checked against the nginx source or documentation named
 * in its `source`).
 *
 *   node scripts/gen-catalog-nginx.mjs [--nginx /usr/sbin/nginx] --debs DIR
 *     --source stream-lua=DIR --source vts=DIR --source passenger=DIR [--check-docs DIR]
 *
 * DIR of --debs holds Debian's libnginx-mod-*.deb files (`apt-get download`);
 * each is unpacked to a temporary directory (`dpkg-deb -x`), nothing is
 * installed. --source ID=DIR is a checkout of that module at the tag
 * SOURCE_MODULES names. --check-docs DIR (a checkout of nginx.org, xml/en/docs)
 * compares EXTRA's contexts with the documentation's and fails on a mismatch.
 * Only local files are read. The JSON is committed: tests and the linter
 * never run this script.
 *
 * How the tables are found: the binary and each module exports `ngx_modules`
 * (pointers to ngx_module_t) and `ngx_module_names`; ngx_module_t has the
 * module type at +72 and its commands pointer at +64; ngx_command_t is
 * { ngx_str_t name; ngx_uint_t type; set; conf; offset; post } (56 bytes on
 * x86-64), ended by a zero name length. Pointers in a PIE are relocations.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
let nginxBin = "/usr/sbin/nginx";
const debDirs = [];
const sourceDirs = new Map();
let docsDir = null;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--nginx") nginxBin = argv[++i];
  else if (argv[i] === "--debs") debDirs.push(argv[++i]);
  else if (argv[i] === "--source") {
    const [id, dir] = argv[++i].split("=");
    sourceDirs.set(id, dir);
  } else if (argv[i] === "--check-docs") docsDir = argv[++i];
  else throw new Error(`unknown argument ${argv[i]}`);
}

// ---- ELF (x86-64, little endian) ----
function readElf(file) {
  const b = fs.readFileSync(file);
  if (b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2) throw new Error(`${file}: not a 64-bit ELF`);
  const shoff = Number(b.readBigUInt64LE(0x28));
  const shentsize = b.readUInt16LE(0x3a);
  const shnum = b.readUInt16LE(0x3c);
  const phoff = Number(b.readBigUInt64LE(0x20));
  const phentsize = b.readUInt16LE(0x36);
  const phnum = b.readUInt16LE(0x38);
  const sections = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    sections.push({
      type: b.readUInt32LE(o + 4),
      addr: Number(b.readBigUInt64LE(o + 0x10)),
      offset: Number(b.readBigUInt64LE(o + 0x18)),
      size: Number(b.readBigUInt64LE(o + 0x20)),
      link: b.readUInt32LE(o + 0x28),
      entsize: Number(b.readBigUInt64LE(o + 0x38)),
    });
  }
  const loads = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    if (b.readUInt32LE(o) !== 1) continue; // PT_LOAD
    loads.push({ offset: Number(b.readBigUInt64LE(o + 8)), vaddr: Number(b.readBigUInt64LE(o + 16)), filesz: Number(b.readBigUInt64LE(o + 32)) });
  }
  const off = (va) => {
    for (const l of loads) if (va >= l.vaddr && va < l.vaddr + l.filesz) return l.offset + (va - l.vaddr);
    return -1;
  };
  // dynamic symbols
  const symbols = new Map();
  const symByIndex = [];
  const dynsym = sections.find((s) => s.type === 11); // SHT_DYNSYM
  if (dynsym) {
    const str = sections[dynsym.link];
    for (let i = 0; i < dynsym.size / 24; i++) {
      const o = dynsym.offset + i * 24;
      const nameOff = b.readUInt32LE(o);
      let e = str.offset + nameOff;
      while (b[e]) e++;
      const name = b.toString("latin1", str.offset + nameOff, e);
      const value = Number(b.readBigUInt64LE(o + 8));
      symByIndex.push({ name, value });
      if (name && value) symbols.set(name, value);
    }
  }
  // relocations: where a pointer is, what it points to (0 when external)
  const relocs = new Map();
  for (const s of sections) {
    if (s.type !== 4) continue; // SHT_RELA
    for (let i = 0; i < s.size / 24; i++) {
      const o = s.offset + i * 24;
      const where = Number(b.readBigUInt64LE(o));
      const info = b.readBigUInt64LE(o + 8);
      const type = Number(info & 0xffffffffn);
      const sym = Number(info >> 32n);
      const addend = Number(b.readBigInt64LE(o + 16));
      if (type === 8)
        relocs.set(where, addend); // R_X86_64_RELATIVE
      else if (type === 1 || type === 6) relocs.set(where, (symByIndex[sym]?.value ?? 0) + addend); // R_X86_64_64, GLOB_DAT
    }
  }
  const ptr = (va) => (relocs.has(va) ? relocs.get(va) : Number(b.readBigUInt64LE(off(va))));
  const u64 = (va) => Number(b.readBigUInt64LE(off(va)));
  const cstr = (va) => {
    let o = off(va);
    const s = o;
    while (b[o]) o++;
    return b.toString("latin1", s, o);
  };
  return { symbols, ptr, u64, cstr };
}

const MODULE_TYPES = {
  0x45524f43: "core",
  0x464e4f43: "conf",
  0x544e5645: "event",
  0x50545448: "http",
  0x4d525453: "stream",
  0x4c49414d: "mail",
  0x504d5452: "rtmp",
};
/** What each context bit of ngx_command_t.type means, per module type (ngx_conf_file.h, ngx_http_config.h, ...). */
const CONTEXT_BITS = {
  core: { 0x01000000: "main" },
  event: { 0x02000000: "events" },
  http: {
    0x02000000: "http",
    0x04000000: "server",
    0x08000000: "location",
    0x10000000: "upstream",
    0x20000000: "if in server",
    0x40000000: "if in location",
    0x80000000: "limit_except",
  },
  stream: { 0x02000000: "stream", 0x04000000: "stream server", 0x08000000: "stream upstream" },
  mail: { 0x02000000: "mail", 0x04000000: "mail server" },
  rtmp: { 0x02000000: "rtmp", 0x04000000: "rtmp server", 0x08000000: "rtmp application", 0x10000000: "rtmp recorder" },
};

/** Argument counts from the NGX_CONF_* bits: NOARGS, TAKE1..TAKE7, FLAG, ANY, 1MORE, 2MORE. */
function argCounts(type) {
  if (type & 0x400) return { min: 0, max: null };
  if (type & 0x800) return { min: 1, max: null };
  if (type & 0x1000) return { min: 2, max: null };
  if (type & 0x200) return { min: 1, max: 1 };
  const counts = [];
  for (let n = 0; n <= 7; n++) if (type & (1 << n)) counts.push(n);
  if (!counts.length) return { min: 0, max: null };
  const out = { min: counts[0], max: counts[counts.length - 1] };
  if (counts.length !== out.max - out.min + 1) out.counts = counts;
  return out;
}

function commandsOf(file) {
  const elf = readElf(file);
  const modules = elf.symbols.get("ngx_modules");
  const names = elf.symbols.get("ngx_module_names");
  if (!modules || !names) throw new Error(`${file}: no ngx_modules / ngx_module_names`);
  const out = [];
  for (let i = 0; ; i++) {
    const m = elf.ptr(modules + 8 * i);
    if (!m) break;
    const moduleName = elf.cstr(elf.ptr(names + 8 * i));
    const kind = MODULE_TYPES[elf.u64(m + 72)];
    if (!kind) throw new Error(`${file}: ${moduleName}: unknown module type ${elf.u64(m + 72).toString(16)}`);
    let c = elf.ptr(m + 64);
    if (!c) continue;
    for (; ; c += 56) {
      const len = elf.u64(c);
      if (!len) break;
      const name = elf.cstr(elf.ptr(c + 8));
      if (name.length !== len) throw new Error(`${file}: ${moduleName}: bad command at ${c.toString(16)}`);
      const type = elf.u64(c + 16);
      let contexts;
      if (kind === "conf") contexts = ["any"];
      else {
        contexts = [];
        for (const [bit, ctx] of Object.entries(CONTEXT_BITS[kind])) if (type & Number(bit)) contexts.push(ctx);
      }
      out.push({ name, module: moduleName, contexts, ...argCounts(type), ...(type & 0x100 ? { block: true } : {}) });
    }
  }
  return out;
}

// ---- Command tables in C source (third-party modules Debian does not package) ----

/** The context and argument flags of ngx_command_t.type, by macro name (ngx_conf_file.h, ngx_http_config.h, ...). */
const SOURCE_CONTEXTS = {
  NGX_MAIN_CONF: "main",
  NGX_EVENT_CONF: "events",
  NGX_HTTP_MAIN_CONF: "http",
  NGX_HTTP_SRV_CONF: "server",
  NGX_HTTP_LOC_CONF: "location",
  NGX_HTTP_UPS_CONF: "upstream",
  NGX_HTTP_SIF_CONF: "if in server",
  NGX_HTTP_LIF_CONF: "if in location",
  NGX_HTTP_LMT_CONF: "limit_except",
  NGX_STREAM_MAIN_CONF: "stream",
  NGX_STREAM_SRV_CONF: "stream server",
  NGX_STREAM_UPS_CONF: "stream upstream",
  NGX_MAIL_MAIN_CONF: "mail",
  NGX_MAIL_SRV_CONF: "mail server",
};
const SOURCE_ARGS = {
  NGX_CONF_NOARGS: 0x1,
  NGX_CONF_TAKE1: 0x2,
  NGX_CONF_TAKE2: 0x4,
  NGX_CONF_TAKE3: 0x8,
  NGX_CONF_TAKE4: 0x10,
  NGX_CONF_TAKE5: 0x20,
  NGX_CONF_TAKE6: 0x40,
  NGX_CONF_TAKE7: 0x80,
  NGX_CONF_TAKE12: 0x6,
  NGX_CONF_TAKE13: 0xa,
  NGX_CONF_TAKE23: 0xc,
  NGX_CONF_TAKE123: 0xe,
  NGX_CONF_TAKE1234: 0x1e,
  NGX_CONF_BLOCK: 0x100,
  NGX_CONF_FLAG: 0x200,
  NGX_CONF_ANY: 0x400,
  NGX_CONF_1MORE: 0x800,
  NGX_CONF_2MORE: 0x1000,
};
const SOURCE_IGNORED = new Set(["NGX_DIRECT_CONF", "NGX_CONF_MULTI", "0"]);

/**
 * The directives of every `ngx_command_t x[] = { ... }` in a C file (with the
 * .c files it #includes inlined): `{ ngx_string("name"), FLAG|FLAG, ... }`.
 */
function commandsOfSource(file, module) {
  const inline = (text, dir) =>
    text.replace(/^[ \t]*#\s*include\s+"([^"]+\.c)"/gm, (_, f) => inline(fs.readFileSync(path.join(dir, f), "latin1"), path.dirname(path.join(dir, f))));
  const text = inline(fs.readFileSync(file, "latin1"), path.dirname(file)).replace(/\/\*[\s\S]*?\*\//g, " ");
  const out = [];
  for (const table of text.matchAll(/ngx_command_t\s+\w+\s*\[\s*\]\s*=\s*\{/g)) {
    let i = table.index + table[0].length;
    const start = i;
    for (let depth = 1; depth && i < text.length; i++) depth += text[i] === "{" ? 1 : text[i] === "}" ? -1 : 0;
    for (const c of text.slice(start, i - 1).matchAll(/\{\s*ngx_string\(\s*"([^"]+)"\s*\)\s*,\s*([^,]+),/g)) {
      let type = 0;
      const contexts = [];
      for (const flag of c[2].split("|").map((f) => f.trim())) {
        if (SOURCE_CONTEXTS[flag]) contexts.push(SOURCE_CONTEXTS[flag]);
        else if (SOURCE_ARGS[flag]) type |= SOURCE_ARGS[flag];
        else if (!SOURCE_IGNORED.has(flag)) throw new Error(`${file}: ${c[1]}: unknown flag ${flag}`);
      }
      out.push({ name: c[1], module, contexts, ...argCounts(type), ...(type & 0x100 ? { block: true } : {}) });
    }
  }
  if (!out.length) throw new Error(`${file}: no ngx_command_t table`);
  return out;
}

/** Third-party modules Debian does not package: their command tables, read from a checkout of the tag named here. */
const SOURCE_MODULES = {
  "stream-lua": {
    module: "ngx_stream_lua_module",
    repo: "openresty/stream-lua-nginx-module",
    ref: "v0.0.17",
    file: "src/ngx_stream_lua_module.c",
    title: "stream-lua-nginx-module v0.0.17 (OpenResty)",
  },
  vts: {
    module: "ngx_http_vhost_traffic_status_module",
    repo: "vozlt/nginx-module-vts",
    ref: "v0.2.7",
    file: "src/ngx_http_vhost_traffic_status_module.c",
    title: "nginx-module-vts v0.2.7",
  },
  passenger: {
    module: "ngx_http_passenger_module",
    repo: "phusion/passenger",
    ref: "release-6.0.23",
    file: "src/nginx_module/Configuration.c",
    title: "Phusion Passenger 6.0.23, nginx module",
  },
};

// ---- Directives of other nginx versions and of the commercial subscription ----
// [name, module, contexts, min, max, versions, source, block]; each checked against the source it names
// (the nginx or njs source at that tag, or the module's page of the nginx documentation).
const SOURCES = {};
const nginxSrc = (tag, file) =>
  source(`nginx:${tag}:${file}`, `nginx ${tag.replace(/^release-/, "")} source, ${file}`, `https://github.com/nginx/nginx/blob/${tag}/${file}`);
const njsSrc = (tag, file) => source(`njs:${tag}:${file}`, `njs ${tag} source, ${file}`, `https://github.com/nginx/njs/blob/${tag}/${file}`);
const doc = (dir, module) => source(`nginx.org:${module}`, `nginx documentation, module ${module}`, `https://nginx.org/en/docs/${dir}${module}.html`);
function source(key, title, url, more = {}) {
  SOURCES[key] ??= { title, url, ...more };
  return key;
}

const H = ["http", "server", "location"];
const SS = ["stream", "stream server"];
const SPDY = nginxSrc("release-1.9.4", "src/http/ngx_http_spdy_module.c");
const SPDY_DEPRECATED = "1.3.15-1.19.6 (ignored, with a warning, by the HTTP/2 module from 1.9.5)";
const LATEST = "release-1.31.4";
const NJS = "1.0.0";
const EXTRA = [
  // removed, or not built on Linux
  ["spdy_chunk_size", "ngx_http_spdy_module", H, 1, 1, SPDY_DEPRECATED.replace("1.3.15", "1.5.9"), SPDY],
  ["spdy_headers_comp", "ngx_http_spdy_module", ["http", "server"], 1, 1, SPDY_DEPRECATED, SPDY],
  ["spdy_keepalive_timeout", "ngx_http_spdy_module", ["http", "server"], 1, 1, SPDY_DEPRECATED, SPDY],
  ["spdy_max_concurrent_streams", "ngx_http_spdy_module", ["http", "server"], 1, 1, SPDY_DEPRECATED, SPDY],
  ["spdy_pool_size", "ngx_http_spdy_module", ["http", "server"], 1, 1, SPDY_DEPRECATED, SPDY],
  ["spdy_recv_buffer_size", "ngx_http_spdy_module", ["http"], 1, 1, SPDY_DEPRECATED, SPDY],
  ["spdy_recv_timeout", "ngx_http_spdy_module", ["http", "server"], 1, 1, SPDY_DEPRECATED, SPDY],
  ["spdy_streams_index_size", "ngx_http_spdy_module", ["http", "server"], 1, 1, SPDY_DEPRECATED, SPDY],
  [
    "limit_zone",
    "ngx_http_limit_conn_module",
    ["http"],
    3,
    3,
    "0.5.6-1.7.5 (deprecated for limit_conn_zone from 1.1.8)",
    nginxSrc("release-1.7.5", "src/http/modules/ngx_http_limit_conn_module.c"),
  ],
  [
    "worker_rlimit_sigpending",
    "ngx_core_module",
    ["main"],
    1,
    1,
    "-1.8.1 (removed with the rtsig method in 1.9.0)",
    nginxSrc("release-1.8.1", "src/core/nginx.c"),
  ],
  ["optimize_server_names", "ngx_http_core_module", ["http", "server"], 1, 1, "-1.9.0", nginxSrc("release-1.9.0", "src/http/ngx_http_core_module.c")],
  [
    "kqueue_changes",
    "ngx_kqueue_module",
    ["events"],
    1,
    1,
    "builds with kqueue (FreeBSD, macOS), not Linux",
    nginxSrc(LATEST, "src/event/modules/ngx_kqueue_module.c"),
  ],
  [
    "kqueue_events",
    "ngx_kqueue_module",
    ["events"],
    1,
    1,
    "builds with kqueue (FreeBSD, macOS), not Linux",
    nginxSrc(LATEST, "src/event/modules/ngx_kqueue_module.c"),
  ],
  [
    "google_perftools_profiles",
    "ngx_google_perftools_module",
    ["main"],
    1,
    1,
    "not built by Debian",
    nginxSrc(LATEST, "src/misc/ngx_google_perftools_module.c"),
  ],
  ["js_include", "ngx_http_js_module", ["http"], 1, 1, "njs -0.7.0 (obsolete from 0.4.0)", doc("http/", "ngx_http_js_module")],
  ["js_include", "ngx_stream_js_module", ["stream"], 1, 1, "njs -0.7.0 (obsolete from 0.4.0)", doc("stream/", "ngx_stream_js_module")],
  // njs after Debian's 0.7.9 (contexts and counts from the njs source; first version from the documentation):
  // [name, http contexts, stream contexts, min, max (http), max (stream), since]
  ...[
    ["js_shared_dict_zone", ["http"], ["stream"], 1, null, null, "0.8.0-"],
    ["js_periodic", ["location"], ["stream server"], 0, null, null, "0.8.1-"],
    ["js_engine", H, SS, 1, 1, null, "0.8.6-"],
    ["js_context_reuse", H, SS, 1, 1, 1, "0.8.6-"],
    ["js_context_reuse_max_size", H, SS, 1, 1, 1, "(in 1.0.0, undocumented)"],
    ["js_fetch_keepalive", H, SS, 1, 1, 1, "0.9.2-"],
    ["js_fetch_keepalive_requests", H, SS, 1, 1, 1, "0.9.2-"],
    ["js_fetch_keepalive_time", H, SS, 1, 1, 1, "0.9.2-"],
    ["js_fetch_keepalive_timeout", H, SS, 1, 1, 1, "0.9.2-"],
    ["js_fetch_proxy", H, SS, 1, 1, 1, "0.9.4-"],
  ].flatMap(([name, http, stream, min, maxHttp, maxStream, since]) => [
    [name, "ngx_http_js_module", http, min, maxHttp, `njs ${since}`, njsSrc(NJS, "nginx/ngx_http_js_module.c")],
    [name, "ngx_stream_js_module", stream, min, maxStream, `njs ${since}`, njsSrc(NJS, "nginx/ngx_stream_js_module.c")],
  ]),
  ...[
    ["js_fetch_ciphers", 1, 1],
    ["js_fetch_protocols", 1, null],
    ["js_fetch_trusted_certificate", 1, 1],
    ["js_fetch_verify", 1, 1],
    ["js_fetch_verify_depth", 1, 1],
  ].map(([name, min, max]) => [
    name,
    "ngx_stream_js_module",
    SS,
    min,
    max,
    "njs, not in Debian's 0.7.9 stream module",
    njsSrc(NJS, "nginx/ngx_stream_js_module.c"),
  ]),
  ["js_access", "ngx_http_js_module", ["location", "if in location", "limit_except"], 1, 1, "njs 0.9.9-", njsSrc(NJS, "nginx/ngx_http_js_module.c")],
  // added after 1.22 (contexts and counts from the nginx source; first version from the documentation)
  ["http2", "ngx_http_v2_module", ["http", "server"], 1, 1, "1.25.1-", nginxSrc(LATEST, "src/http/v2/ngx_http_v2_module.c")],
  ...[
    "http3",
    "http3_hq",
    "http3_max_concurrent_streams",
    "http3_stream_buffer_size",
    "quic_active_connection_id_limit",
    "quic_gso",
    "quic_host_key",
    "quic_retry",
  ].map((n) => [n, "ngx_http_v3_module", ["http", "server"], 1, 1, "1.25.0-", nginxSrc(LATEST, "src/http/v3/ngx_http_v3_module.c")]),
  ["quic_bpf", "ngx_http_v3_module", ["main"], 1, 1, "1.25.0-", nginxSrc(LATEST, "src/event/quic/ngx_event_quic_bpf.c")],
  ["ssl_certificate_cache", "ngx_http_ssl_module", ["http", "server"], 1, 3, "1.27.4-", nginxSrc(LATEST, "src/http/modules/ngx_http_ssl_module.c")],
  ["ssl_certificate_cache", "ngx_stream_ssl_module", SS, 1, 3, "1.27.4-", nginxSrc(LATEST, "src/stream/ngx_stream_ssl_module.c")],
  ["ssl_object_cache_inheritable", "ngx_core_module", ["main"], 1, 1, "1.27.4-", nginxSrc(LATEST, "src/event/ngx_event_openssl_cache.c")],
  ["proxy_pass_trailers", "ngx_http_proxy_module", H, 1, 1, "1.27.2-", nginxSrc(LATEST, "src/http/modules/ngx_http_proxy_module.c")],
  ...["add_header_inherit", "add_trailer_inherit"].map((n) => [
    n,
    "ngx_http_headers_filter_module",
    [...H, "if in location"],
    1,
    1,
    "1.29.3-",
    nginxSrc(LATEST, "src/http/modules/ngx_http_headers_filter_module.c"),
  ]),
  ["max_headers", "ngx_http_core_module", ["http", "server"], 1, 1, "1.29.8-", nginxSrc(LATEST, "src/http/ngx_http_core_module.c")],
  ["early_hints", "ngx_http_core_module", H, 1, null, "1.29.0-", nginxSrc(LATEST, "src/http/ngx_http_core_module.c")],
  ["ssl_ech_file", "ngx_http_ssl_module", ["http", "server"], 1, 1, "1.29.4-", nginxSrc(LATEST, "src/http/modules/ngx_http_ssl_module.c")],
  ["ssl_ech_file", "ngx_stream_ssl_module", SS, 1, 1, "1.29.4-", nginxSrc(LATEST, "src/stream/ngx_stream_ssl_module.c")],
  ["resolver", "ngx_http_upstream_module", ["upstream"], 1, null, "1.27.3- (commercial before)", nginxSrc(LATEST, "src/http/ngx_http_upstream.c")],
  ["resolver_timeout", "ngx_http_upstream_module", ["upstream"], 1, 1, "1.27.3- (commercial before)", nginxSrc(LATEST, "src/http/ngx_http_upstream.c")],
  ["resolver", "ngx_stream_upstream_module", ["stream upstream"], 1, null, "1.27.3- (commercial before)", nginxSrc(LATEST, "src/stream/ngx_stream_upstream.c")],
  [
    "resolver_timeout",
    "ngx_stream_upstream_module",
    ["stream upstream"],
    1,
    1,
    "1.27.3- (commercial before)",
    nginxSrc(LATEST, "src/stream/ngx_stream_upstream.c"),
  ],
  [
    "sticky",
    "ngx_http_upstream_module",
    ["upstream"],
    2,
    null,
    "1.29.6- (commercial before)",
    nginxSrc(LATEST, "src/http/modules/ngx_http_upstream_sticky_module.c"),
  ],
  [
    "least_time",
    "ngx_http_upstream_module",
    ["upstream"],
    1,
    2,
    "1.31.0- (commercial before)",
    nginxSrc(LATEST, "src/http/modules/ngx_http_upstream_least_time_module.c"),
  ],
  [
    "least_time",
    "ngx_stream_upstream_module",
    ["stream upstream"],
    1,
    2,
    "1.31.0- (commercial before)",
    nginxSrc(LATEST, "src/stream/ngx_stream_upstream_least_time_module.c"),
  ],
  // the commercial subscription (NGINX Plus), from the documentation
  ["ssl_key_log", "ngx_http_ssl_module", ["http", "server"], 1, 1, "commercial, 1.27.2-", doc("http/", "ngx_http_ssl_module")],
  ["ssl_key_log", "ngx_stream_ssl_module", SS, 1, 1, "commercial, 1.27.2-", doc("stream/", "ngx_stream_ssl_module")],
  ["proxy_ssl_key_log", "ngx_http_proxy_module", H, 1, 1, "commercial, 1.27.2-", doc("http/", "ngx_http_proxy_module")],
  ["proxy_ssl_key_log", "ngx_stream_proxy_module", SS, 1, 1, "commercial, 1.27.2-", doc("stream/", "ngx_stream_proxy_module")],
  // "Enables collection of virtual http or stream server status information"
  ["status_zone", "ngx_http_api_module", ["server", "location", "if in location", "stream server"], 1, 1, "commercial", doc("http/", "ngx_http_api_module")],
  ["api", "ngx_http_api_module", ["location"], 0, 1, "commercial", doc("http/", "ngx_http_api_module")],
  ["keyval", "ngx_http_keyval_module", ["http"], 3, 3, "commercial", doc("http/", "ngx_http_keyval_module")],
  ["keyval_zone", "ngx_http_keyval_module", ["http"], 1, null, "commercial", doc("http/", "ngx_http_keyval_module")],
  ["keyval", "ngx_stream_keyval_module", ["stream"], 3, 3, "commercial", doc("stream/", "ngx_stream_keyval_module")],
  ["keyval_zone", "ngx_stream_keyval_module", ["stream"], 1, null, "commercial", doc("stream/", "ngx_stream_keyval_module")],
  ["health_check", "ngx_http_upstream_hc_module", ["location"], 0, null, "commercial", doc("http/", "ngx_http_upstream_hc_module")],
  ["match", "ngx_http_upstream_hc_module", ["http"], 1, 1, "commercial", doc("http/", "ngx_http_upstream_hc_module"), true],
  ["health_check", "ngx_stream_upstream_hc_module", ["stream server"], 0, null, "commercial", doc("stream/", "ngx_stream_upstream_hc_module")],
  ["match", "ngx_stream_upstream_hc_module", ["stream"], 1, 1, "commercial", doc("stream/", "ngx_stream_upstream_hc_module"), true],
  ["ntlm", "ngx_http_upstream_module", ["upstream"], 0, 0, "commercial", doc("http/", "ngx_http_upstream_module")],
  ["queue", "ngx_http_upstream_module", ["upstream"], 1, 2, "commercial", doc("http/", "ngx_http_upstream_module")],
  ["state", "ngx_http_upstream_module", ["upstream"], 1, 1, "commercial", doc("http/", "ngx_http_upstream_module")],
  ["state", "ngx_stream_upstream_module", ["stream upstream"], 1, 1, "commercial", doc("stream/", "ngx_stream_upstream_module")],
  ...[
    ["auth_jwt", [...H, "limit_except"], 1, 2],
    ["auth_jwt_key_file", [...H, "limit_except"], 1, 1],
    ["auth_jwt_key_request", [...H, "limit_except"], 1, 1],
    ["auth_jwt_claim_set", ["http"], 2, null],
    ["auth_jwt_header_set", ["http"], 2, null],
    ["auth_jwt_leeway", H, 1, 1],
    ["auth_jwt_require", [...H, "limit_except"], 1, null],
    ["auth_jwt_type", [...H, "limit_except"], 1, 1],
  ].map(([name, contexts, min, max]) => [name, "ngx_http_auth_jwt_module", contexts, min, max, "commercial", doc("http/", "ngx_http_auth_jwt_module")]),
  ["hls", "ngx_http_hls_module", ["location"], 0, 0, "commercial", doc("http/", "ngx_http_hls_module")],
  ["f4f", "ngx_http_f4f_module", ["location"], 0, 0, "commercial", doc("http/", "ngx_http_f4f_module")],
  ["mp4_limit_rate", "ngx_http_mp4_module", H, 1, 1, "commercial", doc("http/", "ngx_http_mp4_module")],
  ["mp4_limit_rate_after", "ngx_http_mp4_module", H, 1, 1, "commercial", doc("http/", "ngx_http_mp4_module")],
  ["zone_sync", "ngx_stream_zone_sync_module", ["stream server"], 0, 0, "commercial", doc("stream/", "ngx_stream_zone_sync_module")],
  ["mgmt", "ngx_mgmt_module", ["main"], 0, 0, "commercial", doc("", "ngx_mgmt_module"), true],
];

/**
 * Names that belong to a third-party family: an unknown name matching one is
 * a typo of that module's directives, never of nginx's own (`more_set_header`
 * is not `proxy_set_header`). Checked below: each matches no other module's name.
 */
const FAMILIES = [
  ["^more_", ["ngx_http_headers_more_filter_module"]],
  ["^lua_|_by_lua", ["ngx_http_lua_module", "ngx_stream_lua_module"]],
  ["^brotli", ["ngx_http_brotli_filter_module", "ngx_http_brotli_static_module"]],
  ["^geoip2_", ["ngx_http_geoip2_module", "ngx_stream_geoip2_module"]],
  ["^vhost_traffic_status", ["ngx_http_vhost_traffic_status_module"]],
  ["^passenger_|^rails_|^rack_env$|^union_station_", ["ngx_http_passenger_module"]],
  ["^echo", ["ngx_http_echo_module"]],
  ["^nchan_", ["ngx_nchan_module"]],
  ["^srcache_", ["ngx_http_srcache_filter_module"]],
  ["^fancyindex", ["ngx_http_fancyindex_module"]],
  ["^modsecurity", ["ngx_http_modsecurity_module"]],
];

// ---- Blocks: what context a block's body is, per the context the block is in ----
const BLOCKS = {
  events: { main: "events" },
  http: { main: "http" },
  stream: { main: "stream" },
  mail: { main: "mail" },
  rtmp: { main: "rtmp" },
  server: { http: "server", stream: "stream server", mail: "mail server", rtmp: "rtmp server" },
  location: { server: "location", location: "location" },
  if: { server: "if in server", location: "if in location" },
  limit_except: { location: "limit_except" },
  upstream: { http: "upstream", stream: "stream upstream" },
  application: { "rtmp server": "rtmp application", "rtmp application": "rtmp application" },
  recorder: { "rtmp application": "rtmp recorder" },
};
/** Blocks whose body is data read by the block's own parser (keys, values, types), never directives. */
const DATA_BLOCKS = ["types", "map", "geo", "split_clients", "charset_map", "match", "geoip2"];

// ---- Reading ----

/** Debian's source packages of nginx's own modules (njs is the nginx team's, documented on nginx.org); the rest are third-party. */
const OWN_SOURCE_PACKAGES = new Set(["nginx", "libnginx-mod-js"]);
const codename = /VERSION_CODENAME=(\w+)/.exec(fs.readFileSync("/etc/os-release", "utf8"))?.[1] ?? "stable";
const debianSource = (pkg, version, description, thirdParty) =>
  source(
    `deb:${pkg}`,
    `${pkg} ${version} (Debian ${codename}): ${description}`,
    `https://packages.debian.org/${codename}/${pkg}`,
    thirdParty ? { thirdParty: true } : {},
  );
const dpkgField = (deb, field) => execFileSync("dpkg-deb", ["-f", deb, field], { encoding: "utf8" }).trim();

const versionText = String(execFileSync("sh", ["-c", '"$0" -v 2>&1', nginxBin], { encoding: "utf8" })).trim(); // nginx -v writes to stderr
const [binPackage] = execFileSync("dpkg", ["-S", fs.realpathSync(nginxBin)], { encoding: "utf8" }).split(":");
const binVersion = execFileSync("dpkg-query", ["-W", "-f", "${Version}", binPackage], { encoding: "utf8" });
/** module name -> source key, for what the binaries and sources define. */
const moduleSources = {};
const directives = [];
const seen = new Set();
const add = (c, sourceKey) => {
  const key = `${c.name}\0${c.module}`;
  if (seen.has(key)) return;
  seen.add(key);
  moduleSources[c.module] ??= sourceKey;
  if (SOURCES[sourceKey].thirdParty) c.thirdParty = true;
  directives.push(c);
};

const binSource = debianSource(binPackage, binVersion, `${versionText.replace(/^nginx version: /, "")}, module tables of ${nginxBin}`, false);
for (const c of commandsOf(nginxBin)) add(c, binSource);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gen-catalog-nginx-"));
const debModules = [];
for (const dir of debDirs) {
  for (const f of fs
    .readdirSync(dir)
    .filter((x) => x.endsWith(".deb"))
    .sort()) {
    const deb = path.join(dir, f);
    const pkg = dpkgField(deb, "Package");
    const sourcePkg = (dpkgField(deb, "Source") || pkg).split(" ")[0];
    const into = path.join(tmp, pkg);
    execFileSync("dpkg-deb", ["-x", deb, into]);
    const modDir = path.join(into, "usr/lib/nginx/modules");
    if (!fs.existsSync(modDir)) continue;
    const key = debianSource(
      pkg,
      dpkgField(deb, "Version"),
      `${dpkgField(deb, "Description").split("\n")[0]}, module table read from the .so`,
      !OWN_SOURCE_PACKAGES.has(sourcePkg),
    );
    for (const so of fs
      .readdirSync(modDir)
      .filter((x) => /^n[dg]k?.*\.so$/.test(x))
      .sort()) {
      debModules.push(path.basename(so, ".so"));
      for (const c of commandsOf(path.join(modDir, so))) add(c, key);
    }
  }
}
fs.rmSync(tmp, { recursive: true, force: true });
for (const [id, m] of Object.entries(SOURCE_MODULES)) {
  const dir = sourceDirs.get(id);
  if (!dir) throw new Error(`--source ${id}=DIR missing: a checkout of https://github.com/${m.repo} at ${m.ref}`);
  const key = source(`src:${id}`, `${m.title}, command table in ${m.file}`, `https://github.com/${m.repo}/blob/${m.ref}/${m.file}`, { thirdParty: true });
  for (const c of commandsOfSource(path.join(dir, m.file), m.module)) add(c, key);
}
for (const [name, module, contexts, min, max, versions, sourceKey, block] of EXTRA) {
  // Each entry is one module's directive that nothing read above has: its source is its own.
  if (seen.has(`${name}\0${module}`)) throw new Error(`EXTRA: ${name} (${module}) is already in a module table`);
  directives.push({ name, module, contexts, min, max, ...(block ? { block: true } : {}), versions, source: sourceKey });
}
directives.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.module < b.module ? -1 : 1));
if (docsDir) checkDocs(docsDir);

for (const [pattern, modules] of FAMILIES) {
  const re = new RegExp(pattern);
  const hits = directives.filter((d) => re.test(d.name));
  const stray = hits.filter((d) => !modules.includes(d.module));
  if (stray.length || !hits.length)
    throw new Error(`family ${pattern}: ${hits.length ? `also matches ${stray.map((d) => `${d.name} (${d.module})`).join(", ")}` : "matches nothing"}`);
}

/** EXTRA's contexts against the documentation's <context> elements (a checkout of nginx.org: xml/en/docs). */
function checkDocs(dir) {
  const documented = new Map();
  const walk = (d) => {
    for (const f of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, f.name);
      if (f.isDirectory()) walk(p);
      else if (/^ngx_\w+\.xml$/.test(f.name))
        for (const m of fs.readFileSync(p, "utf8").matchAll(/<directive name="([^"]+)">([\s\S]*?)<\/directive>/g))
          documented.set(
            `${m[1]}\0${path.basename(f.name, ".xml")}`,
            [...m[2].matchAll(/<context>([^<]*)<\/context>/g)].map((x) => x[1]),
          );
    }
  };
  walk(dir);
  const bad = [];
  for (const [name, module, contexts] of EXTRA) {
    const want = documented.get(`${name}\0${module}`);
    // the documentation says "server", "upstream" for the stream module's
    const got = contexts.map((c) => c.replace(/^stream (server|upstream)$/, "$1"));
    if (want && [...new Set(got)].sort().join() !== [...new Set(want)].sort().join()) bad.push(`${name} (${module}): ${got} vs documented ${want}`);
  }
  if (bad.length) throw new Error(`EXTRA differs from the documentation:\n${bad.join("\n")}`);
}

const out = {
  source:
    `Module tables of Debian ${codename}'s ${versionText.replace(/^nginx version: /, "")} (${path.basename(nginxBin)}) and its dynamic modules (libnginx-mod-*: ` +
    debModules.join(", ") +
    "), read by scripts/gen-catalog-nginx.mjs; command tables of third-party modules Debian does not package, read from their source; directives of other versions and of the commercial subscription from the nginx source or documentation (fields `versions` and `source`).",
  legend: {
    source: "where an entry comes from: its own `source`, else its module's in `moduleSources`; a key of `sources` (title and public address)",
    thirdParty: "a module not developed by the nginx team (headers-more, lua, passenger ...)",
    versions: "nginx (or njs) versions that have it, where other than Debian's build",
    families: "name patterns of third-party modules: a misspelt name matching one is suggested only that module's names",
  },
  contexts: [...new Set(Object.values(CONTEXT_BITS).flatMap((m) => Object.values(m)))],
  blocks: BLOCKS,
  dataBlocks: DATA_BLOCKS,
  families: FAMILIES.map(([pattern, modules]) => ({ pattern, modules })),
  sources: SOURCES,
  moduleSources,
  directives,
};
const dest = path.join(root, "src/catalog/data/nginx.json");
// One directive per line: the file stays readable and diffs stay small.
const head = JSON.stringify({ ...out, directives: undefined }, null, 2).replace(/\n}$/, "");
fs.writeFileSync(dest, `${head},\n  "directives": [\n${directives.map((d) => "    " + JSON.stringify(d)).join(",\n")}\n  ]\n}\n`);
console.log(`${dest}: ${directives.length} entries, ${new Set(directives.map((d) => d.name)).size} names`);
