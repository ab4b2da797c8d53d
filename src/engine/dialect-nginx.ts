/** nginx support: not available yet. */
import type { DialectSupport } from "./dialects.js";

export const nginxSupport: DialectSupport | null = null;
