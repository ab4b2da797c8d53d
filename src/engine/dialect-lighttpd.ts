/** lighttpd support: not available yet. */
import type { DialectSupport } from "./dialects.js";

export const lighttpdSupport: DialectSupport | null = null;
