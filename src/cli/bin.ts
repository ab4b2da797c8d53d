import { main, reportInternalError } from "./main.js";

// A reader that stops early (`| head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

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
