import { main, reportInternalError } from "./main.js";

main(hideArgs(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.exitCode = reportInternalError(e);
  },
);

function hideArgs(argv: string[]): string[] {
  return argv.slice(2);
}
