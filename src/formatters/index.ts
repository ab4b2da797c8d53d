import { github } from "./github.js";
import { gitlab } from "./gitlab.js";
import { json } from "./json.js";
import { lsp } from "./lsp.js";
import { sarif } from "./sarif.js";
import { stylish } from "./stylish.js";
import type { Formatter } from "./types.js";
import { checkstyle, junit } from "./xml.js";

export const FORMATTERS: Record<string, Formatter> = { stylish, json, sarif, github, checkstyle, junit, gitlab, lsp };
export const FORMAT_NAMES = Object.keys(FORMATTERS);
