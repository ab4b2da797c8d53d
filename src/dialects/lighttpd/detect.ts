/** How a lighttpd file is recognised: its names, the directories distributions keep it in, and its lines. */
import type { DialectFiles, LineShape } from "../plugin.js";

export const lighttpdFiles: DialectFiles = {
  mainConfigs: ["lighttpd.conf"],
  ownName: (base) => /^lighttpd\.conf/.test(base),
  directories: ["lighttpd"],
  scoreLine({ code }: LineShape): number {
    if (/^[a-z][\w-]*(\.[\w-]+)+\s*(\+=|:=|=)/.test(code)) return 3;
    if (/^(else\s*)?\$(HTTP|SERVER|REQUEST_HEADER|PHYSICAL|URL)\s*\[/.test(code)) return 3;
    if (/^"[^"]*"\s*=>/.test(code)) return 1;
    if (/^include(_shell)?\s+"[^"]*"$/.test(code)) return 2;
    return 0;
  },
};
