/**
 * The language server's frame filter (src/lsp/transport.ts), as a property:
 * whatever malformed frames and garbage surround the well-formed ones, and
 * however the bytes are cut into chunks, exactly the well-formed messages come
 * out, in order. Garbage is anything that does not spell `Content-Length`
 * (which is where the filter resumes, as a reader of the base protocol must).
 */
import * as fc from "fast-check";
import { FrameFilter, MAX_FRAME } from "../../src/lsp/transport.js";

const frame = (body: string, headerName = "Content-Length", extra = "") => `${extra}${headerName}: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const noContentLength = (s: string) => !/content-length/i.test(s);

/** Messages as vscode-jsonrpc would read them from the filter's output (headers as ASCII, a name as written, the value trimmed). */
function decode(out: Buffer): unknown[] {
  const messages: unknown[] = [];
  let at = 0;
  while (at < out.length) {
    const end = out.indexOf("\r\n\r\n", at);
    expect(end).toBeGreaterThanOrEqual(0);
    const header = out.subarray(at, end).toString("ascii");
    const m = /(?:^|\r\n)content-length:\s*(\d+)/i.exec(header);
    expect(m).not.toBeNull();
    const length = Number(m![1]);
    messages.push(JSON.parse(out.subarray(end + 4, end + 4 + length).toString("utf8")));
    at = end + 4 + length;
  }
  return messages;
}

function run(input: Buffer, cuts: number[]): { out: Buffer; logs: string[] } {
  const logs: string[] = [];
  const filter = new FrameFilter((m) => logs.push(m));
  const chunks: Buffer[] = [];
  filter.on("data", (c: Buffer) => chunks.push(c));
  let prev = 0;
  for (const cut of [...cuts.map((c) => Math.floor(c * input.length)).sort((a, b) => a - b), input.length]) {
    if (cut > prev) filter.write(input.subarray(prev, cut));
    prev = Math.max(prev, cut);
  }
  filter.end();
  return { out: Buffer.concat(chunks), logs };
}

const message = fc.record({
  jsonrpc: fc.constant("2.0"),
  method: fc.string({ maxLength: 20 }),
  params: fc.array(fc.string({ unit: "grapheme", maxLength: 30 }), { maxLength: 4 }),
});
type Item = { kind: "good"; msg: unknown; text: string } | { kind: "bad"; text: string };
const item: fc.Arbitrary<Item> = fc.oneof(
  message.chain((msg) =>
    fc.record({ name: fc.constantFrom("Content-Length", "content-length", "CONTENT-LENGTH"), type: fc.boolean() }).map(({ name, type }) => ({
      kind: "good" as const,
      msg,
      text: frame(JSON.stringify(msg), name, type ? "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n" : ""),
    })),
  ),
  fc
    .record({
      length: fc.constantFrom("abc", "", "-1", "1e3", "12 34", String(MAX_FRAME + 1)),
      body: fc.string({ maxLength: 60 }).filter(noContentLength),
    })
    .map(({ length, body }) => ({ kind: "bad" as const, text: `Content-Length: ${length}\r\n\r\n${body}` })),
  fc
    .string({ unit: "binary", maxLength: 200 })
    .filter(noContentLength)
    .map((text) => ({ kind: "bad" as const, text })),
);

test("exactly the well-formed messages come through, in order, however the bytes are chunked", () => {
  fc.assert(
    fc.property(fc.array(item, { maxLength: 12 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }), (items, cuts) => {
      // A bad item right before a good one must end where the good one starts: it is its garbage.
      const input = Buffer.from(items.map((i) => i.text).join(""), "utf8");
      const { out } = run(input, cuts);
      expect(decode(out)).toEqual(items.filter((i) => i.kind === "good").map((i) => (i as { msg: unknown }).msg));
    }),
    { numRuns: 2000, seed: 14 },
  );
});

test("a bad header is logged with the reason, and the frame after it is kept", () => {
  const good = frame('{"jsonrpc":"2.0","id":1,"method":"shutdown"}');
  const { out, logs } = run(Buffer.from(`Content-Length: abc\r\n\r\n{"x":1}${good}`), [0.1, 0.5]);
  expect(out.toString()).toBe(good);
  expect(logs).toEqual(['djlint-conf: dropped a malformed message (Content-Length is not a number ("abc")); reading on from the next Content-Length header']);
});

test("a megabyte of garbage without a header end is skipped in linear time", () => {
  const garbage = Buffer.alloc(1024 * 1024, "x");
  const good = frame('{"jsonrpc":"2.0","method":"exit"}');
  const cuts = Array.from({ length: 255 }, (_, i) => (i + 1) / 256);
  const t0 = performance.now();
  const { out } = run(Buffer.concat([garbage, Buffer.from(good)]), cuts);
  expect(out.toString()).toBe(good);
  expect(performance.now() - t0).toBeLessThan(5000);
});

test("a header name with a space or tab before it is not Content-Length to the reader: that frame is dropped, the next one kept", () => {
  const good = frame('{"jsonrpc":"2.0","method":"exit"}');
  const { out, logs } = run(Buffer.from(`\t${good}Content-Length : 2\r\n\r\n{}${good}`), []);
  expect(decode(out)).toEqual([
    { jsonrpc: "2.0", method: "exit" },
    { jsonrpc: "2.0", method: "exit" },
  ]);
  expect(logs).toHaveLength(2);
});
