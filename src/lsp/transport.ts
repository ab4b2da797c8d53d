/**
 * The language server's side of stdio, made robust to clients that break the
 * protocol. vscode-jsonrpc's reader, on a header it cannot use
 * (`Content-Length: abc`), reports an error and goes on reading the bad frame's
 * body as the next header, so every later message is lost and the server never
 * answers `shutdown` again. `FrameFilter` sits in front of it: it passes valid
 * frames through byte for byte and drops a malformed one up to the next
 * `Content-Length:` (the LSP base protocol has no way to answer a frame it
 * cannot read). `lifecycleGate` answers what the LSP specification says a
 * server must refuse: requests before `initialize` (ServerNotInitialized) and
 * after `shutdown` (InvalidRequest); notifications then are dropped, `exit`
 * excepted.
 */
import { Transform, type TransformCallback } from "node:stream";
import {
  ErrorCodes,
  StreamMessageReader,
  StreamMessageWriter,
  type DataCallback,
  type Message,
  type MessageReader,
  type MessageWriter,
} from "vscode-languageserver/node.js";

/** Headers are a few dozen bytes; a "header" longer than this is garbage. */
const MAX_HEADER = 8 * 1024;
/**
 * A larger Content-Length is taken for a broken header rather than waited for
 * (documents above 4 MB are not linted anyway; JSON escapes can grow a text 6x).
 */
export const MAX_FRAME = 64 * 1024 * 1024;
const CONTENT_LENGTH = "content-length:";

/** The frame's body length, or why the header is unusable. */
function bodyLength(header: string): number | string {
  let length: number | undefined;
  for (const line of header.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) return `a header line without a name (${JSON.stringify(line.slice(0, 40))})`;
    // vscode-jsonrpc takes the name as written (only the value is trimmed): " Content-Length" is another header to it.
    if (line.slice(0, colon).toLowerCase() !== "content-length") continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,15}$/.test(value)) return `Content-Length is not a number (${JSON.stringify(value.slice(0, 40))})`;
    if (length !== undefined && length !== Number(value)) return "two different Content-Length headers";
    length = Number(value);
  }
  return length ?? "no Content-Length header";
}

export class FrameFilter extends Transform {
  private buf: Buffer = Buffer.alloc(0);
  /** Body bytes still to pass through. */
  private remaining = 0;
  /** After a bad header: looking for the next `Content-Length:`. */
  private resyncing = false;

  constructor(private log: (message: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    this.drain();
    done();
  }

  private drain() {
    while (this.buf.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, this.buf.length);
        this.push(this.buf.subarray(0, n));
        this.buf = this.buf.subarray(n);
        this.remaining -= n;
        continue;
      }
      if (this.resyncing && !this.resync()) return;
      const end = this.buf.indexOf("\r\n\r\n");
      if (end < 0) {
        if (this.buf.length > MAX_HEADER) this.reject(`no end of header in ${MAX_HEADER} bytes`);
        else return;
        continue;
      }
      const length = bodyLength(this.buf.subarray(0, end).toString("ascii"));
      if (typeof length === "string") {
        this.reject(length);
        continue;
      }
      if (length > MAX_FRAME) {
        this.reject(`Content-Length ${length} is over the limit of ${MAX_FRAME}`);
        continue;
      }
      this.push(this.buf.subarray(0, end + 4));
      this.buf = this.buf.subarray(end + 4);
      this.remaining = length;
    }
  }

  /** A bad header: its frame is dropped up to the next `Content-Length:` after its start. */
  private reject(why: string) {
    this.log(`djlint-conf: dropped a malformed message (${why}); reading on from the next Content-Length header`);
    this.buf = this.buf.subarray(1);
    this.resyncing = true;
  }

  /** Skips to the next `Content-Length:`; false while none has arrived (the tail that could start one is kept). */
  private resync(): boolean {
    const at = this.buf.toString("ascii").toLowerCase().indexOf(CONTENT_LENGTH);
    if (at < 0) {
      this.buf = this.buf.subarray(Math.max(0, this.buf.length - (CONTENT_LENGTH.length - 1)));
      return false;
    }
    this.buf = this.buf.subarray(at);
    this.resyncing = false;
    return true;
  }
}

export interface Lifecycle {
  /** initialize received (requests are served from then on). */
  initialized: boolean;
  /** shutdown received (requests are refused from then on; exit then ends with 0). */
  shutdown: boolean;
}

type Incoming = Message & { id?: unknown; method?: unknown; result?: unknown; error?: unknown };

/** Wraps a reader so that only what the lifecycle allows reaches the connection; the rest is answered on `writer`. */
export function lifecycleGate(inner: MessageReader, writer: MessageWriter, state: Lifecycle): MessageReader {
  const refuse = (id: unknown, code: number, message: string) =>
    void writer
      .write({ jsonrpc: "2.0", id: typeof id === "number" || typeof id === "string" ? id : null, error: { code, message } } as Message)
      .catch(() => {});
  const admit = (m: Incoming): boolean => {
    const hasId = typeof m.id === "number" || typeof m.id === "string";
    if (typeof m.method !== "string") {
      if (hasId && ("result" in m || "error" in m)) return true; // a response to one of our requests
      refuse(m.id, ErrorCodes.InvalidRequest, "not a JSON-RPC request, notification or response");
      return false;
    }
    if (!hasId) return m.method === "exit" || (state.initialized && !state.shutdown); // notifications
    if (m.method === "initialize") {
      if (state.initialized) return (refuse(m.id, ErrorCodes.InvalidRequest, "initialize was already received"), false);
      state.initialized = true;
      return true;
    }
    if (!state.initialized) return (refuse(m.id, ErrorCodes.ServerNotInitialized, "the server is not initialized: send initialize first"), false);
    if (state.shutdown) return (refuse(m.id, ErrorCodes.InvalidRequest, "the server is shut down: only exit is accepted"), false);
    if (m.method === "shutdown") state.shutdown = true;
    return true;
  };
  return {
    onError: inner.onError,
    onClose: inner.onClose,
    onPartialMessage: inner.onPartialMessage,
    listen: (callback: DataCallback) =>
      inner.listen((m) => {
        if (m === null || typeof m !== "object" || Array.isArray(m)) refuse(null, ErrorCodes.InvalidRequest, "not a JSON-RPC message");
        else if (admit(m as Incoming)) callback(m);
      }),
    dispose: () => inner.dispose(),
  };
}

/** stdio as a reader and a writer, with the frame filter, the lifecycle gate and parse errors answered. */
export function stdioTransport(
  log: (message: string) => void,
  state: Lifecycle,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
) {
  const frames = input.pipe(new FrameFilter(log));
  const writer = new StreamMessageWriter(output);
  const raw = new StreamMessageReader(frames);
  // A body that is not JSON: JSON-RPC's Parse error, with a null id since none could be read.
  raw.onError((e) => {
    log(`djlint-conf: unreadable message: ${e.message}`);
    void writer.write({ jsonrpc: "2.0", id: null, error: { code: ErrorCodes.ParseError, message: `Parse error: ${e.message}` } } as Message).catch(() => {});
  });
  return { reader: lifecycleGate(raw, writer, state), writer, frames };
}
