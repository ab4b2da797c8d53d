/** How an nginx file is recognised: its names, the directories distributions keep it in, and its lines. */
import { NGINX_DIRECTIVES } from "../../../grammars/nginx/directives.js";
import type { DialectFiles, LineShape } from "../plugin.js";

export const nginxFiles: DialectFiles = {
  mainConfigs: ["nginx.conf"],
  ownName: (base, parts) => /^nginx\.conf/.test(base) || base.endsWith(".nginx") || (base === "mime.types" && parts.includes("nginx")),
  directories: ["nginx"],
  scoreLine({ code, first, endsStatement, opensBlock }: LineShape): number {
    if (endsStatement) return NGINX_DIRECTIVES.has(first) ? 2 : 1;
    if (
      (opensBlock || /;\s*\}$/.test(code)) &&
      /^(http|server|location|events|upstream|map|geo|types|if|stream|mail|split_clients|charset_map|limit_except|user_agent|match|rtmp|application|[a-z_]+_by_lua_block)\b[^=]*\{/.test(
        code,
      )
    )
      return 3;
    return 0;
  },
};
