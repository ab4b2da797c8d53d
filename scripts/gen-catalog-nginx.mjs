#!/usr/bin/env node
/**
 * Writes src/catalog/data/nginx.json: every directive nginx knows, read from
 * the module tables (ngx_module_t / ngx_command_t) compiled into a local nginx
 * binary and its dynamic modules, plus directives of other nginx versions
 * (EXTRA below, from the nginx documentation and changelogs).
 *
 *   node scripts/gen-catalog-nginx.mjs [--nginx /usr/sbin/nginx] [--modules DIR]...
 *
 * DIR holds ngx_*_module.so files (e.g. Debian's libnginx-mod-* packages
 * unpacked with `dpkg-deb -x`). Only local files are read. The JSON is
 * committed: tests and the linter never run this script.
 *
 * How the tables are found: the binary and each module exports `ngx_modules`
 * (pointers to ngx_module_t) and `ngx_module_names`; ngx_module_t has the
 * module type at +72 and its commands pointer at +64; ngx_command_t is
 * { ngx_str_t name; ngx_uint_t type; set; conf; offset; post } (56 bytes on
 * x86-64), ended by a zero name length. Pointers in a PIE are relocations.
 */
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
let nginxBin = "/usr/sbin/nginx";
const moduleDirs = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--nginx") nginxBin = argv[++i];
  else if (argv[i] === "--modules") moduleDirs.push(argv[++i]);
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
      if (type === 8) relocs.set(where, addend); // R_X86_64_RELATIVE
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

const MODULE_TYPES = { 0x45524f43: "core", 0x464e4f43: "conf", 0x544e5645: "event", 0x50545448: "http", 0x4d525453: "stream", 0x4c49414d: "mail", 0x504d5452: "rtmp" };
/** What each context bit of ngx_command_t.type means, per module type (ngx_conf_file.h, ngx_http_config.h, ...). */
const CONTEXT_BITS = {
  core: { 0x01000000: "main" },
  event: { 0x02000000: "events" },
  http: { 0x02000000: "http", 0x04000000: "server", 0x08000000: "location", 0x10000000: "upstream", 0x20000000: "if in server", 0x40000000: "if in location", 0x80000000: "limit_except" },
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

// ---- Directives of other nginx versions (not in the 1.22.1 binaries read above) ----
// [name, module, contexts, min, max, versions]; contexts and counts from the nginx documentation.
const H = ["http", "server", "location"];
const EXTRA = [
  // removed before 1.22
  ["spdy_chunk_size", "ngx_http_spdy_module", H, 1, 1, "1.3.15-1.9.4"],
  ["spdy_headers_comp", "ngx_http_spdy_module", ["http", "server"], 1, 1, "1.3.15-1.9.4"],
  ["spdy_keepalive_timeout", "ngx_http_spdy_module", ["http", "server"], 1, 1, "1.3.15-1.9.4"],
  ["spdy_max_concurrent_streams", "ngx_http_spdy_module", ["http", "server"], 1, 1, "1.3.15-1.9.4"],
  ["spdy_recv_buffer_size", "ngx_http_spdy_module", ["http"], 1, 1, "1.3.15-1.9.4"],
  ["spdy_recv_timeout", "ngx_http_spdy_module", ["http", "server"], 1, 1, "1.3.15-1.9.4"],
  ["spdy_streams_index_size", "ngx_http_spdy_module", ["http", "server"], 1, 1, "1.3.15-1.9.4"],
  ["limit_zone", "ngx_http_limit_zone_module", ["http"], 3, 3, "-1.7.5"],
  ["kqueue_changes", "ngx_kqueue_module", ["events"], 1, 1, "FreeBSD builds, -1.5.x"],
  ["kqueue_events", "ngx_kqueue_module", ["events"], 1, 1, "FreeBSD builds, -1.5.x"],
  ["worker_rlimit_sigpending", "ngx_core_module", ["main"], 1, 1, "-1.9.12"],
  ["optimize_server_names", "ngx_http_core_module", ["http", "server"], 1, 1, "-0.7.54"],
  ["js_include", "ngx_http_js_module", ["http"], 1, 1, "njs -0.7.x"],
  ["js_shared_dict_zone", "ngx_http_js_module", ["http"], 1, null, "njs 0.8.0-"],
  ["js_preload_object", "ngx_http_js_module", H, 1, 1, "njs 0.7.8-"],
  ["js_periodic", "ngx_http_js_module", ["location"], 1, null, "njs 0.8.1-"],
  ["js_engine", "ngx_http_js_module", H, 1, 1, "njs 0.8.6-"],
  ["js_context_reuse", "ngx_http_js_module", H, 1, 1, "njs 0.8.6-"],
  ["js_fetch_buffer_size", "ngx_http_js_module", H, 1, 1, "njs 0.7.4-"],
  ["js_fetch_max_response_buffer_size", "ngx_http_js_module", H, 1, 1, "njs 0.7.4-"],
  ["js_fetch_keepalive", "ngx_http_js_module", H, 1, 1, "njs 0.9.2-"],
  ["js_fetch_keepalive_requests", "ngx_http_js_module", H, 1, 1, "njs 0.9.2-"],
  ["js_fetch_keepalive_time", "ngx_http_js_module", H, 1, 1, "njs 0.9.2-"],
  ["js_fetch_keepalive_timeout", "ngx_http_js_module", H, 1, 1, "njs 0.9.2-"],
  ["google_perftools_profiles", "ngx_google_perftools_module", ["main"], 1, 1, "not built by Debian"],
  // added after 1.22
  ["http2", "ngx_http_v2_module", ["http", "server"], 1, 1, "1.25.1-"],
  ["http3", "ngx_http_v3_module", ["http", "server"], 1, 1, "1.25.0-"],
  ["http3_hq", "ngx_http_v3_module", ["http", "server"], 1, 1, "1.25.0-"],
  ["http3_max_concurrent_streams", "ngx_http_v3_module", ["http", "server"], 1, 1, "1.25.0-"],
  ["http3_stream_buffer_size", "ngx_http_v3_module", ["http", "server"], 1, 1, "1.25.0-"],
  ["quic_active_connection_id_limit", "ngx_http_v3_module", ["http", "server"], 1, 1, "1.25.0-"],
  ["quic_bpf", "ngx_http_v3_module", ["main"], 1, 1, "1.25.0-"],
  ["quic_gso", "ngx_http_v3_module", ["http", "server"], 1, 1, "1.25.0-"],
  ["quic_host_key", "ngx_http_v3_module", ["http", "server"], 1, 1, "1.25.0-"],
  ["quic_retry", "ngx_http_v3_module", ["http", "server"], 1, 1, "1.25.0-"],
  ["ssl_key_log", "ngx_http_ssl_module", ["http", "server"], 1, 1, "1.27.2- (commercial before)"],
  ["proxy_ssl_key_log", "ngx_http_proxy_module", H, 1, 1, "1.27.2- (commercial before)"],
  ["ssl_certificate_cache", "ngx_http_ssl_module", ["http", "server"], 1, 3, "1.27.4-"],
  ["ssl_object_cache_inheritable", "ngx_core_module", ["main"], 1, 1, "1.27.4-"],
  ["proxy_pass_trailers", "ngx_http_proxy_module", H, 1, 1, "1.27.4-"],
  ["max_headers", "ngx_http_core_module", ["http", "server"], 1, 1, "1.27.2-"],
  ["early_hints", "ngx_http_core_module", H, 1, null, "1.29.0-"],
  ["ssl_ech_file", "ngx_http_ssl_module", ["http", "server"], 1, 1, "1.29.4-"],
  ["mp4_start_key_frame", "ngx_http_mp4_module", H, 1, 1, "1.21.4-"],
  ["server_tokens_header", "ngx_http_core_module", H, 1, 1, "commercial"],
  ["status_zone", "ngx_http_api_module", ["server", "location", "if in location"], 1, 1, "commercial; 1.27.3- in upstream"],
  ["keyval", "ngx_http_keyval_module", ["http"], 2, 3, "commercial"],
  ["keyval_zone", "ngx_http_keyval_module", ["http"], 1, null, "commercial"],
  ["api", "ngx_http_api_module", ["location"], 0, 1, "commercial"],
  ["health_check", "ngx_http_upstream_hc_module", ["location"], 0, null, "commercial"],
  ["sticky", "ngx_http_upstream_module", ["upstream"], 1, null, "commercial"],
  ["least_time", "ngx_http_upstream_module", ["upstream"], 1, 2, "commercial"],
  ["ntlm", "ngx_http_upstream_module", ["upstream"], 0, 0, "commercial"],
  ["queue", "ngx_http_upstream_module", ["upstream"], 1, 2, "commercial"],
  ["resolver", "ngx_http_upstream_module", ["upstream"], 1, null, "1.27.3- in upstream"],
  ["resolver_timeout", "ngx_http_upstream_module", ["upstream"], 1, 1, "1.27.3- in upstream"],
  ["state", "ngx_http_upstream_module", ["upstream"], 1, 1, "commercial"],
  ["auth_jwt", "ngx_http_auth_jwt_module", [...H, "limit_except"], 1, 2, "commercial"],
  ["auth_jwt_key_file", "ngx_http_auth_jwt_module", [...H, "limit_except"], 1, 1, "commercial"],
  ["auth_jwt_key_request", "ngx_http_auth_jwt_module", [...H, "limit_except"], 1, 1, "commercial"],
  ["auth_jwt_claim_set", "ngx_http_auth_jwt_module", ["http"], 2, null, "commercial"],
  ["auth_jwt_header_set", "ngx_http_auth_jwt_module", ["http"], 2, null, "commercial"],
  ["auth_jwt_leeway", "ngx_http_auth_jwt_module", H, 1, 1, "commercial"],
  ["auth_jwt_require", "ngx_http_auth_jwt_module", [...H, "limit_except"], 1, null, "commercial"],
  ["auth_jwt_type", "ngx_http_auth_jwt_module", [...H, "limit_except"], 1, 1, "commercial"],
  ["hls", "ngx_http_hls_module", ["location"], 0, 0, "commercial"],
  ["f4f", "ngx_http_f4f_module", ["location"], 0, 0, "commercial"],
  ["mp4_limit_rate", "ngx_http_mp4_module", H, 1, 1, "commercial"],
  ["mp4_limit_rate_after", "ngx_http_mp4_module", H, 1, 1, "commercial"],
  ["match", "ngx_http_upstream_hc_module", ["http"], 1, 1, "commercial", true],
  ["zone_sync", "ngx_stream_zone_sync_module", ["stream server"], 0, 0, "commercial"],
  ["mgmt", "ngx_mgmt_module", ["main"], 0, 0, "commercial", true],
];

// OpenResty's stream-lua module (not packaged by Debian): the http-lua names it shares, in stream contexts.
// [name, contexts]; argument counts are those of the http-lua directive of the same name.
const SS = ["stream", "stream server"];
const STREAM_LUA = [
  ...`lua_code_cache lua_socket_log_errors lua_socket_connect_timeout lua_socket_send_timeout lua_socket_read_timeout
    lua_socket_buffer_size lua_socket_pool_size lua_socket_keepalive_timeout lua_ssl_ciphers lua_ssl_protocols
    lua_ssl_trusted_certificate lua_ssl_verify_depth lua_ssl_crl lua_ssl_certificate lua_ssl_certificate_key
    lua_ssl_conf_command lua_check_client_abort content_by_lua content_by_lua_block content_by_lua_file
    log_by_lua log_by_lua_block log_by_lua_file ssl_certificate_by_lua_block ssl_certificate_by_lua_file
    ssl_client_hello_by_lua_block ssl_client_hello_by_lua_file`.split(/\s+/).map((n) => [n, SS]),
  ...`preread_by_lua_block preread_by_lua_file preread_by_lua_no_postpone lua_lingering_close lua_lingering_time
    lua_lingering_timeout`.split(/\s+/).map((n) => [n, SS]),
  ...`lua_package_path lua_package_cpath lua_shared_dict init_by_lua init_by_lua_block init_by_lua_file init_worker_by_lua
    init_worker_by_lua_block init_worker_by_lua_file exit_worker_by_lua_block exit_worker_by_lua_file lua_capture_error_log
    lua_max_pending_timers lua_max_running_timers lua_regex_cache_max_entries lua_regex_match_limit lua_sa_restart
    lua_add_variable lua_load_resty_core lua_malloc_trim lua_thread_cache_max_entries lua_worker_thread_vm_pool_size`.split(/\s+/).map((n) => [n, ["stream"]]),
  ...["balancer_by_lua_block", "balancer_by_lua_file", "balancer_keepalive"].map((n) => [n, ["stream upstream"]]),
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

const files = [nginxBin];
for (const d of moduleDirs) for (const f of fs.readdirSync(d).sort()) if (/^n[dg]k?.*\.so$/.test(f)) files.push(path.join(d, f));
const directives = [];
const seen = new Set();
for (const f of files) {
  for (const c of commandsOf(f)) {
    const key = `${c.name}\0${c.module}`;
    if (seen.has(key)) continue;
    seen.add(key);
    directives.push(c);
  }
}
for (const [name, module, contexts, min, max, versions, block] of EXTRA) {
  const same = directives.find((d) => d.name === name && d.module === module);
  if (same) {
    for (const c of contexts) if (!same.contexts.includes(c)) same.contexts.push(c);
    continue;
  }
  directives.push({ name, module, contexts, min, max, ...(block ? { block: true } : {}), versions });
}
for (const [name, contexts] of STREAM_LUA) {
  const http = directives.find((d) => d.name === name && d.module === "ngx_http_lua_module");
  const args = http ? { min: http.min, max: http.max, ...(http.block ? { block: true } : {}) } : { min: 0, max: null };
  directives.push({ name, module: "ngx_stream_lua_module", contexts, ...args, versions: "OpenResty stream-lua, not packaged by Debian" });
}
directives.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.module < b.module ? -1 : 1));

// nginx -v writes its version to stderr
const versionText = String(execFileSync("sh", ["-c", '"$0" -v 2>&1', nginxBin], { encoding: "utf8" })).trim();
const out = {
  source:
    `Module tables of Debian bookworm's ${versionText.replace(/^nginx version: /, "")} (${path.basename(nginxBin)}) and its dynamic modules (libnginx-mod-*: ` +
    files.slice(1).map((f) => path.basename(f, ".so")).join(", ") +
    "), read by scripts/gen-catalog-nginx.mjs; directives of other versions and of the commercial subscription from the nginx documentation (field `versions`).",
  contexts: [...new Set(Object.values(CONTEXT_BITS).flatMap((m) => Object.values(m)))],
  blocks: BLOCKS,
  dataBlocks: DATA_BLOCKS,
  directives,
};
const dest = path.join(root, "src/catalog/data/nginx.json");
// One directive per line: the file stays readable and diffs stay small.
const head = JSON.stringify({ ...out, directives: undefined }, null, 2).replace(/\n}$/, "");
fs.writeFileSync(dest, `${head},\n  "directives": [\n${directives.map((d) => "    " + JSON.stringify(d)).join(",\n")}\n  ]\n}\n`);
console.log(`${dest}: ${directives.length} entries, ${new Set(directives.map((d) => d.name)).size} names`);
