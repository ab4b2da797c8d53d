/** GitHub Actions workflow commands: annotations on the pull request's files. */
import { relativePath, type Formatter } from "./types.js";

const COMMAND = { error: "error", warning: "warning", info: "notice" } as const;
const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const prop = (s: string) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export const github: Formatter = (run, ctx) =>
  run.results
    .flatMap((r) =>
      r.messages.map((m) => {
        const props = [
          `file=${prop(relativePath(ctx.cwd, m.file))}`,
          `line=${m.range.line}`,
          `col=${m.range.column}`,
          `endLine=${m.range.endLine}`,
          `endColumn=${m.range.endColumn}`,
          ...(m.ruleId ? [`title=${prop(m.ruleId)}`] : []),
        ].join(",");
        return `::${COMMAND[m.severity]} ${props}::${data(m.message)}`;
      }),
    )
    .join("\n");
