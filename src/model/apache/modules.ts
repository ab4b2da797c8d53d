/**
 * Module names as httpd accepts them in `<IfModule>`: the module identifier
 * (`python_module`) or its source file (`mod_python.c`); MPMs also answer to
 * their short source names (`prefork.c`). LoadModule's .so name gives the
 * source name.
 */

/** Compiled into Debian's and most distributions' httpd: always there. */
export const BUILTIN_MODULES = ["core", "so", "watchdog", "http", "log_config", "logio", "version", "unixd", "mpm_common"];

export interface ModuleIdentity {
  /** `python` for python_module. */
  short: string;
  names: string[];
}

export function moduleIdentity(id: string, file?: string): ModuleIdentity {
  const short = id.replace(/_module$/, "");
  const names = new Set([id, `${short}_module`, `mod_${short}.c`]);
  const so = file ? /(?:^|\/)mod_([^/]+)\.so$/.exec(file) : null;
  if (so) names.add(`mod_${so[1]}.c`);
  const mpm = /^mpm_(\w+)$/.exec(short);
  if (mpm) {
    names.add(`${mpm[1]}.c`);
    names.add(`mpm_${mpm[1]}.c`);
  }
  if (short === "http") names.add("http_core.c");
  if (short === "core") names.add("core.c");
  return { short, names: [...names].map((n) => n.toLowerCase()) };
}

/** `mod_python.c`, `python_module`, `!mod_php7.c` -> a lookup key and whether it is negated. */
export function ifModuleName(arg: string): { name: string; negated: boolean } {
  const negated = arg.startsWith("!");
  return { name: (negated ? arg.slice(1) : arg).toLowerCase(), negated };
}
