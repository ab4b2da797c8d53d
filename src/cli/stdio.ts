/**
 * The CLI's standard output and error. Node's `process.stdout` is a stream
 * whose first use loads the stream and socket modules (about 5 ms of a 5-line
 * lint's start on the 2-core EPYC VM it was measured on), and a lint writes
 * its report once: these write straight to the descriptor, as Node's own
 * stream does for files and, on Linux, for pipes. A descriptor left
 * non-blocking by whoever started us (a full pipe answers EAGAIN) hands the
 * rest to Node's stream, which waits for the reader; a reader that went away
 * (`| head`, EPIPE) is not an error: what is left is dropped; a device that
 * refuses the write (`> /dev/full`) is a usage error (exit 2), not a crash.
 */
import fs from "node:fs";
import { UsageError } from "../core/errors.js";
import { isatty } from "../core/node-bindings.js";
import { describeWriteError } from "../fix/write.js";

export interface OutputStream {
  write(s: string | Uint8Array): unknown;
  /** Whether this is a terminal: asked only when colour depends on it. */
  readonly isTTY: boolean;
}

/** Writes to a descriptor; what a full non-blocking descriptor leaves goes to `nodeStream()`, Node's stream on it. */
export class DescriptorOutput implements OutputStream {
  #stream: NodeJS.WritableStream | null = null;
  #gone = false;
  #tty: boolean | undefined;

  constructor(
    private readonly fd: number,
    private readonly nodeStream: () => NodeJS.WritableStream,
    private readonly writeSync: (fd: number, bytes: Uint8Array, offset: number) => number = fs.writeSync,
  ) {}

  get isTTY(): boolean {
    return (this.#tty ??= isTerminal(this.fd));
  }

  write(s: string | Uint8Array): boolean {
    if (this.#gone) return true;
    if (this.#stream) return this.#stream.write(s);
    const bytes = typeof s === "string" ? Buffer.from(s) : s;
    let done = 0;
    try {
      while (done < bytes.length) done += this.writeSync(this.fd, bytes, done);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") {
        const why = this.refusal(e);
        if (why === null) return false;
        // An error no errno names is a bug, and is thrown as one.
        throw describeWriteError(e) === null ? e : new UsageError(why);
      }
    }
    this.#stream = this.nodeStream();
    // Later, and asynchronously: the run may be over; the exit code still says the report did not get through.
    this.#stream.on("error", (e: NodeJS.ErrnoException) => {
      const why = this.refusal(e);
      if (why === null) return;
      process.exitCode = 2;
      fs.writeSync(2, `djlint-conf: ${why}\n`);
    });
    return this.#stream.write(bytes.subarray(done));
  }

  /**
   * A write the descriptor refused: nothing more is written to it. A reader that went away (EPIPE) is not an error,
   * and a refusing stderr leaves nowhere to say one: null. Otherwise (a full disk, a broken device) what to say.
   */
  private refusal(e: unknown): string | null {
    this.#gone = true;
    if ((e as NodeJS.ErrnoException).code === "EPIPE" || this.fd === 2) return null;
    return `cannot write to standard output: ${describeWriteError(e) ?? (e as Error).message}`;
  }
}

/**
 * Whether `fd` is a terminal. A pipe, a file or a socket is not, which fstat
 * says; a character device may be a terminal or /dev/null, which only isatty
 * tells (through Node's binding, not its tty module: core/node-bindings.ts).
 */
function isTerminal(fd: number): boolean {
  try {
    if (!fs.fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return isatty(fd);
}

export const stdout: OutputStream = new DescriptorOutput(1, () => process.stdout);
export const stderr: OutputStream = new DescriptorOutput(2, () => process.stderr);

/** Node's own streams, which the language server's protocol runs on: a reader that went away ends the process quietly. */
export function endWhenReaderGoes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}
